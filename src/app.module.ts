import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock';
import { DomainErrorFilter } from './web/domain-error.filter';
import { QuietLogger } from './common/quiet-logger';
import { requestIdOf } from './common/request-id';
import { appConfig } from './config/configuration';
import { ConfigRootModule, DatabaseModule, DatabaseOutageModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { FirstOperatorHintModule } from './platform/operators.module';
import { PlatformModule } from './platform/platform.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { DocumentsModule } from './documents/documents.module';
import { OutboxModule } from './outbox/outbox.module';
import { WorkflowModule } from './workflow/workflow.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PublicationModule } from './publication/publication.module';
import { StorageModule } from './storage/storage.module';
import { WebModule } from './web/web.module';
import { PagesModule } from './web/pages.module';
import { RenderingModule } from './rendering/rendering.module';

@Module({
  imports: [
    ConfigRootModule,
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        pinoHttp: {
          level: app.logLevel,
          genReqId: requestIdOf,
          customProps: () => ({ service: 'kasian' }),
          redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
          // One line per transition and per failure; successful requests are not logged one by one.
          customLogLevel: (_request: IncomingMessage, response: { statusCode: number }, error?: Error) =>
            error || response.statusCode >= 500 ? 'error' : 'silent',
        },
      }),
    }),
    DatabaseModule,
    DatabaseOutageModule,
    ClockModule,
    AuthModule,
    OrganizationsModule,
    UsersModule,
    DocumentsModule,
    OutboxModule,
    WorkflowModule,
    NotificationsModule,
    StorageModule,
    RenderingModule,
    PublicationModule,
    PagesModule,
    WebModule,
    HealthModule,
    DemoModule,
    FirstOperatorHintModule,
    PlatformModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }, QuietLogger],
})
export class AppModule {}
