import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, authConfig, databaseConfig, workConfig } from '../config/configuration';
import { createDataSource, databaseOptions } from './database-options';

/** The validated configuration, for the web application and the command line alike. */
export const ConfigRootModule = ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, load: [appConfig, authConfig, databaseConfig, workConfig] });

/** Kasian's database, pending migrations applied when it opens (by the server or by the command line, whichever runs first). */
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [databaseConfig.KEY],
  useFactory: (database: ConfigType<typeof databaseConfig>) => ({
    ...databaseOptions(database),
    migrationsRun: true,
  }),
  dataSourceFactory: async (options) => createDataSource(options!),
});
