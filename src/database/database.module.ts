import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, authConfig, databaseConfig, limitsConfig, storageConfig, workConfig } from '../config/configuration';
import { createDataSource, databaseOptions, runMigrations } from './database-options';

/** The validated configuration, for the web application and the command line alike. */
export const ConfigRootModule = ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, load: [appConfig, authConfig, databaseConfig, limitsConfig, workConfig, storageConfig] });

/**
 * Kasian's database, pending migrations applied when it opens — by the server or by the command line, whichever runs
 * first, one process at a time, on a connection of their own without the query timeout (`runMigrations`).
 */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [databaseConfig.KEY],
  useFactory: (database: ConfigType<typeof databaseConfig>) => databaseOptions(database),
  dataSourceFactory: async (options) => {
    await runMigrations(options!);
    return createDataSource(options!);
  },
});
