import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Logger, Module, Redirect, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServeStaticModule } from '@nestjs/serve-static';
import { Public } from '../auth/index.js';

/** Where the browser app lives: under /app, so its paths never collide with the API's (/plans/:id is both). */
export const WEB_ROOT = '/app';

/**
 * The web app's static files, written by `npm run build` (Vite) to dist/web. This file runs from dist/ in production
 * and from the sources under Jest, so both places are tried.
 */
export function webDistDir(): string | undefined {
  const repoOrDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
  return [path.join(repoOrDist, 'web'), path.join(repoOrDist, 'dist/web')].find((dir) => existsSync(path.join(dir, 'index.html')));
}

@ApiExcludeController()
@Controller()
class WebRedirectController {
  @Get()
  @Public()
  @Redirect(`${WEB_ROOT}/`, 302)
  root(): void {
    // @Redirect answers
  }
}

/** Serves the web app from the API's own port: one process, one port. */
@Module({})
export class WebModule {
  static forRoot(dir = webDistDir()): DynamicModule {
    if (!dir) {
      new Logger('WebModule').warn('The web app is not built (no dist/web/index.html); run `npm run build`. The API runs without it.');
      return { module: WebModule };
    }
    // Any path under /app that is not a file answers index.html: the app's pages are routed in the browser.
    return {
      module: WebModule,
      imports: [ServeStaticModule.forRoot({ rootPath: dir, serveRoot: WEB_ROOT })],
      controllers: [WebRedirectController],
    };
  }
}
