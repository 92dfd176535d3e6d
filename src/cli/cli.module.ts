import { Module } from '@nestjs/common';
import { ConfigRootModule, DatabaseModule, DatabaseOutageModule } from '../database/database.module';
import { OperatorsModule } from '../platform/operators.module';

/** What the command line needs: configuration, the database (migrated) and the services its commands call; no HTTP. */
@Module({ imports: [ConfigRootModule, DatabaseModule, DatabaseOutageModule, OperatorsModule] })
export class CliModule {}
