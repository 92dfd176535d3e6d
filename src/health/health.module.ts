import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { LifecycleLog } from './lifecycle-log';
import { Readiness } from './readiness';

@Module({
  controllers: [HealthController],
  providers: [Readiness, LifecycleLog],
})
export class HealthModule {}
