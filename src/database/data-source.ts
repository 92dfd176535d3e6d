import 'reflect-metadata';
import { databaseConfig } from '../config/configuration';
import { loadEnvFile } from '../config/load-env-file';
import { createDataSource, databaseOptions } from './database-options';

loadEnvFile();

/** Used by the TypeORM CLI (`npm run migration:*`), without a query timeout; the app builds its own from the same options. */
export default createDataSource(databaseOptions({ ...databaseConfig(), queryTimeoutMs: 0 }));
