import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser, Role } from './auth.types.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const READ_ONLY_KEY = 'auth:read-only';

/** The request once the guard has authenticated it. */
export type AuthenticatedRequest = Request & { user?: AuthUser };

/** No token needed (health, readiness). The OpenAPI pages are served outside the router and need no marking. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (or every route of the controller); others get 403 naming the roles needed. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/**
 * A route that changes nothing although its method is not GET/HEAD (e.g. a POST query); auditors may call it.
 * Without it, the guard refuses auditors every POST, PUT, PATCH and DELETE.
 */
export const ReadOnly = () => SetMetadata(READ_ONLY_KEY, true);

/**
 * The authenticated caller, `{ id, name, role, unit }`; `@CurrentUser('id')` gives one field (e.g. the actor id
 * recorded on events). On a @Public() route there is none, which is a programming error.
 */
export const CurrentUser = createParamDecorator((field: keyof AuthUser | undefined, context: ExecutionContext) => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('@CurrentUser() used on a route without an authenticated user (is it @Public()?)');
  return field ? user[field] : user;
});

/** OpenAPI: the route needs a bearer token, and documents the 401 and 403 it may answer. */
export const ApiAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No bearer token, or it is expired, malformed or wrongly signed' }),
    ApiForbiddenResponse({ description: "The caller's role or unit does not allow this; the message says what is missing" }),
  );
