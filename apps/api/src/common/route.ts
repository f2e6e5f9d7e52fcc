import type { Request } from 'express';

/** The route a request matched, as its template (`/plans/:id/close`), so that path parameters compare as values. */
export function routeTemplateOf(request: Request): string {
  const route: unknown = request.route;
  return typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string' ? route.path : request.path;
}
