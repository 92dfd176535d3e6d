import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, authConfig, databaseConfig, storageConfig, workConfig } from '../config/configuration';
import { createDataSource, databaseOptions } from './database-options';
import { runMigrationsLocked } from './migrate';

/** The validated configuration, for the web application and the command line alike. */
export const ConfigRootModule = ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, load: [appConfig, authConfig, databaseConfig, workConfig, storageConfig] });

/**
 * Kasian's database, pending migrations applied when it opens — by the server or by the command line, whichever runs
 * first, one process at a time (`runMigrationsLocked`).
 */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [databaseConfig.KEY],
  useFactory: (database: ConfigType<typeof databaseConfig>) => databaseOptions(database),
  dataSourceFactory: async (options) => {
    const dataSource = await createDataSource(options!).initialize();
    await runMigrationsLocked(dataSource);
    return dataSource;
  },
});
