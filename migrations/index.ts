import { Platform1763769600000 } from './1763769600000-Platform';

/** Every migration, in order. `npm run migration:generate` writes a new file here: add its class to this list. */
export const MIGRATIONS = [Platform1763769600000];
