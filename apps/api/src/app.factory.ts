import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from '#config';
import type { AuditKeys } from '#persistence';
import type { AuthOptions } from './auth/index.js';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/error.filter.js';

/** Builds the API exactly as it runs, for main.ts and the end-to-end tests alike. */
export async function createApi(config: ServiceConfig, auth: AuthOptions, audit?: AuditKeys): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, auth, audit), { bufferLogs: true });
  // Plan documents are posted whole (POST /plans/import: pasted text or a base64 .docx), beyond the default 100 kB.
  app.useBodyParser('json', { limit: '5mb' });
  app.useLogger(app.get(Logger));
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
