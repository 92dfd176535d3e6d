import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { databaseOptions } from './database-options';

/** Used by the TypeORM CLI (`npm run migration:*`); the app builds its own from the same options. */
export default new DataSource(databaseOptions(databaseConfig()));
