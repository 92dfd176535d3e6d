import type { CliCommand } from '../command';
import { createOperator } from './create-operator';
import { listOperators } from './list-operators';
import { operatorLink } from './operator-link';

/** Every command of `npm run kasian`. */
export const COMMANDS: CliCommand[] = [createOperator, listOperators, operatorLink];
