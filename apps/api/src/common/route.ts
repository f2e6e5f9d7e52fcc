import type { Request } from 'express';

/**
 * The route template a request matched (`/plans/:id/close`), or its path before routing has matched one: per-route
 * bookkeeping (rate limits, idempotency fingerprints) must see one route, whatever values its path parameters take.
 */
export function routeTemplateOf(request: Request): string {
  const route: unknown = request.route;
  return typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string' ? route.path : request.path;
}
