import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { OutboxHealthIndicator, StorageHealthIndicator } from './deployment.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [StorageHealthIndicator, OutboxHealthIndicator],
})
export class HealthModule {}
