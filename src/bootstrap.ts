import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { QuietLogger } from './common/quiet-logger';
import { AppModule } from './app.module';
import { appConfig, limitsConfig } from './config/configuration';
import { openRequestContext } from './common/request-context';
import { requestDeadline } from './common/request-deadline';
import { createValidationPipe } from './common/validation';
import { bodyParserErrors, refuseHostileBodies, refuseUnreadableBodies } from './common/request-body';
import { projectRoot } from './common/project-root';
import { COMPRESSION_THRESHOLD_BYTES, compressWholeBodies } from './common/whole-body-compression';
import { requestIdOf } from './common/request-id';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Longer than the idle timeout of the proxies in front of Kasian (docs/operations.md). */
const KEEP_ALIVE_SECONDS = 65;

/** Builds the configured application without listening: shared by `main.ts` and the tests. */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    // A module that fails to start rejects with its error (main.ts prints it; a test sees it) instead of process.exit(1).
    abortOnError: false,
  });
  const config = app.get<ReturnType<typeof appConfig>>(appConfig.KEY);
  const limits = app.get<ReturnType<typeof limitsConfig>>(limitsConfig.KEY);
  app.useLogger(app.get(QuietLogger));
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Node closes an idle kept-alive connection after 5 s; a reverse proxy or load balancer keeps its side open longer
  // (nginx's upstream keepalive, 60 s on most balancers) and sends the next request into a socket Node is closing: a
  // 502 for someone. Idle connections stay open longer than the proxy's, so the proxy always closes first.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
  server.headersTimeout = (KEEP_ALIVE_SECONDS + 1) * 1000;
  // Shutting down (server.close() on SIGTERM or app.close()) waits for every open connection, and a kept-alive one
  // would hold it for those 65 s: answers given while closing end their connection, and idle ones are closed at once.
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (!server.listening) response.shouldKeepAlive = false;
    response.once('finish', () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
  });
  // First, so that every answer — also a body refused before Kasian's modules run — has its id and security headers,
  // and is not kept by any cache unless its handler says it may be (the public site does; everything else is personal).
  app.use((request: Request, response: Response, next: NextFunction) => {
    requestIdOf(request);
    if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(requestDeadline(limits));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      hsts: config.secureCookies,
    }),
  );
  // gzip or brotli, as the client accepts, for HTML, JSON and feeds above 1 kB; PDFs and images are left as they are.
  // Answers sent whole are compressed in one step by `compressWholeBodies` (its comment says why); `compression`
  // does the streamed ones and passes on what is already encoded, so it runs first and sees the answer last.
  app.use(compression({ threshold: COMPRESSION_THRESHOLD_BYTES }));
  app.use(compressWholeBodies);
  app.use(refuseUnreadableBodies);
  app.useBodyParser('json', { limit: '2mb' });
  app.useBodyParser('urlencoded', { limit: '2mb', extended: false });
  app.use(bodyParserErrors);
  app.use(refuseHostileBodies);
  app.use(cookieParser());
  app.use(openRequestContext);
  const root = projectRoot();
  app.useStaticAssets(join(root, 'node_modules/@fontsource/sarabun/files'), { prefix: '/assets/fonts/', maxAge: '30d', immutable: true, index: false });
  app.useStaticAssets(join(root, 'templates/pages/assets'), { prefix: '/assets/', maxAge: '1h', index: false });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kasian (เกษียน) API')
      .setDescription(
        'Workflow approval of ITA memos for Thai local government. Errors: `{statusCode, code, message (Thai), messageEn, fields[]}`. ' +
          'Authenticate with a session cookie (from POST /api/auth/login; send `X-CSRF-Token` on state changes) or `Authorization: Bearer kas_…`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('kasian_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
}
