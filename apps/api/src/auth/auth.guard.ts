import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { describeRole, type AuthUser, type Role } from './auth.types.js';
import { IS_PUBLIC, READ_ONLY_KEY, ROLES_KEY, type AuthenticatedRequest } from './decorators.js';
import { ScopeService } from './scope.service.js';
import { GET_A_NEW_ONE, TokenError, TokenService } from './token.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DESCRIPTIONS: Record<string, string> = {
  TOKEN_EXPIRED: 'The bearer token has expired',
  TOKEN_INVALID: 'The bearer token is invalid',
  TOKEN_UNIT_MISMATCH: 'The bearer token does not fit its unit',
};
/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
export const bearerToken = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];

const ISSUE_HINT = 'issue one with `npm run -s cli -- token issue --role … --unit … --sub … --name …`';

/**
 * The global guard: every route needs `Authorization: Bearer <token>` unless it is @Public(). Then @Roles(),
 * and auditors are refused anything but reads. The token's role and unit must fit the unit tree on every request;
 * scope for a given unit is checked by the services (ScopeService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly scope: ScopeService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType() !== 'http') throw new ForbiddenException('Only HTTP requests are authenticated by this guard');

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request, http.getResponse<Response>());
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException({
        code: 'ROLE_REQUIRED',
        message: `This action needs the role ${roles.join(' or ')}; your role is ${describeRole(user)}`,
      });
    }
    if (
      user.role === 'auditor' &&
      !SAFE_METHODS.has(request.method) &&
      !this.reflector.getAllAndOverride<boolean>(READ_ONLY_KEY, targets)
    ) {
      throw new ForbiddenException({
        code: 'READ_ONLY_ROLE',
        message: `Your role (auditor) is read-only: ${request.method} ${request.path} changes data and needs the role board or department`,
      });
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, response: Response): Promise<AuthUser> {
    const unauthorized = (code: string, message: string, error?: 'invalid_request' | 'invalid_token') => {
      // RFC 6750 §3: tell the client which scheme to use and, for a bad token, why it was refused.
      // The description stays short ASCII (header values cannot carry "…" or Vietnamese); the body has the full message.
      const params = error ? `, error="${error}", error_description="${DESCRIPTIONS[code] ?? 'The bearer token was refused'}"` : '';
      response.setHeader('WWW-Authenticate', `Bearer realm="api"${params}`);
      return new UnauthorizedException({ code, message });
    };
    const header = request.headers.authorization?.trim();
    if (!header)
      throw unauthorized(
        'TOKEN_MISSING',
        `This endpoint needs a bearer token: send the header "Authorization: Bearer <token>" (${ISSUE_HINT})`,
      );
    const token = bearerToken(header);
    if (!token) {
      const scheme = header.split(/\s/, 1)[0];
      throw unauthorized(
        'TOKEN_INVALID',
        `The Authorization header must be "Bearer <token>" (got the scheme "${scheme.slice(0, 20)}" or extra spaces)`,
        'invalid_request',
      );
    }
    let user: AuthUser;
    try {
      user = this.tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenError) throw unauthorized(error.code, error.message, 'invalid_token');
      throw error;
    }
    const problem = await this.scope.tokenUnitProblem(user);
    if (problem)
      throw unauthorized(
        'TOKEN_UNIT_MISMATCH',
        `The bearer token does not fit the unit hierarchy: ${problem.message}; ${GET_A_NEW_ONE}`,
        'invalid_token',
      );
    return user;
  }
}
