import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ConfigError, isLoopbackHost, type ServiceConfig } from '#config';
import type { AuditKeys } from '#persistence';
import type { AuthOptions } from './auth/index.js';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/error.filter.js';

/**
 * Security headers (helmet) for the API and the web app it serves under /app: the app's scripts, styles and API calls
 * all come from this origin; nothing may frame it (clickjacking); no referrer leaks plan ids to other sites. No
 * upgrade-insecure-requests: on plain HTTP (loopback, an internal network) it would break every request.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      // Inline style attributes: the charts (Recharts) and the OpenAPI page (/docs) set them.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false, // per request below
});
const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600 });

/** Builds the API exactly as it runs, for main.ts and the end-to-end tests alike. */
export async function createApi(config: ServiceConfig, auth: AuthOptions, audit?: AuditKeys): Promise<INestApplication> {
  // The start command turns demo sign-in on only for a loopback HOST; the API holds the line itself, whoever starts it.
  if (auth.demoSignIn && !isLoopbackHost(config.HOST)) {
    throw new ConfigError([
      `AUTH_DEMO_SIGN_IN=true hands a token to anyone who asks, so it is allowed only on a loopback HOST (got ${config.HOST}): set AUTH_DEMO_SIGN_IN=false, or HOST=127.0.0.1`,
    ]);
  }
  // Behind a proxy a loopback HOST proves nothing: the proxy publishes whatever listens there, sign-in included.
  if (auth.demoSignIn && config.TRUST_PROXY) {
    throw new ConfigError([
      `AUTH_DEMO_SIGN_IN=true hands a token to anyone who asks, and TRUST_PROXY=${String(config.TRUST_PROXY)} says a proxy publishes the API: set AUTH_DEMO_SIGN_IN=false, or unset TRUST_PROXY`,
    ]);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, auth, audit), { bufferLogs: true });
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  app.use(securityHeaders);
  // HSTS only on HTTPS (directly, or X-Forwarded-Proto from a trusted proxy): over plain HTTP it means nothing.
  app.use((request: Request, response: Response, next: NextFunction) => (request.secure ? hsts(request, response, next) : next()));
  // Plan documents are posted whole (POST /plans/import: pasted text or a base64 .docx), beyond the default 100 kB.
  app.useBodyParser('json', { limit: '5mb' });
  app.useLogger(app.get(Logger));
  // The body's depth is checked by JsonDepthMiddleware (AppModule), before anything recurses into it.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** The OpenAPI document of an app (served at /docs-json; the web app's client types are generated from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Emulation-plan engine')
      .setDescription('Plans, their cascade to units, and their history (phong trào thi đua, khen thưởng)')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}
