import { Module } from '@nestjs/common';
import { ConfigRootModule, DatabaseModule } from '../database/database.module';
import { OperatorsModule } from '../platform/operators.module';

/** What the command line needs: configuration, the database (migrated) and the services its commands call; no HTTP. */
@Module({ imports: [ConfigRootModule, DatabaseModule, OperatorsModule] })
export class CliModule {}
