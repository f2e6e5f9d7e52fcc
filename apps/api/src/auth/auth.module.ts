import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitEntity } from '#persistence';
import { AUTH_OPTIONS, loadAuthOptions, type AuthOptions } from './auth.config.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { ScopeService } from './scope.service.js';
import { TokenService } from './token.service.js';

/**
 * Bearer-token authentication for every route (a global guard; @Public() opts out), @Roles(), @CurrentUser(),
 * and ScopeService for unit scope. Global, so feature modules inject ScopeService without importing this module.
 * Serves /auth (the caller's session; demo sign-in when enabled). Needs the TypeORM DataSource (PersistenceModule).
 */
@Global()
@Module({})
export class AuthModule {
  /**
   * `options` from the service config; without them AUTH_SECRET is read from the environment. Either way the
   * secret is validated here, before Nest creates anything, so a missing or short one stops the start with a
   * ConfigError naming AUTH_SECRET (main.ts prints it and exits 1).
   */
  static forRoot(options?: AuthOptions): DynamicModule {
    // Given options win over the defaults loadAuthOptions fills in (demoSignIn: false); it only validates their secret.
    const auth: AuthOptions = options ? { ...loadAuthOptions({ AUTH_SECRET: options.secret }), ...options } : loadAuthOptions();
    return {
      module: AuthModule,
      imports: [TypeOrmModule.forFeature([UnitEntity])],
      controllers: [AuthController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: auth },
        { provide: TokenService, useValue: new TokenService(auth.secret) },
        ScopeService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenService, ScopeService],
    };
  }
}
