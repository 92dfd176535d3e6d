import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { loadEnvFile } from '../config/load-env-file';
import { databaseOptions } from './database-options';

loadEnvFile();

/** Used by the TypeORM CLI (`npm run migration:*`); the app builds its own from the same options. */
export default new DataSource(databaseOptions(databaseConfig()));
