import { Global, Module } from '@nestjs/common';
import { DatabaseOutage } from './database-outage';
import { HealthController } from './health.controller';
import { LifecycleLog } from './lifecycle-log';
import { Readiness } from './readiness';

/** Global: the exception filter and the outbox worker report database outages to the one tracker. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [Readiness, DatabaseOutage, LifecycleLog],
  exports: [DatabaseOutage],
})
export class HealthModule {}
