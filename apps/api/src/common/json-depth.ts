import { BadRequestException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * How deeply a JSON body may nest. The deepest request the API declares (a plan draft) nests about 6 levels; the
 * validator, class-transformer and the idempotency fingerprint (canonical JSON) recurse, so 10,000 levels overflowed
 * the stack (a 500).
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests arrays and objects more than `max` levels deep; walked with a stack, never recursively. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses a body nested deeper than MAX_JSON_DEPTH with a 400, right after the JSON body parser and before anything
 * that walks the body: guards, interceptors (the idempotency fingerprint) and pipes (validation). Nest runs
 * interceptors before pipes, so a pipe came too late. A Nest middleware rather than an Express one or body-parser's
 * `verify` hook: Nest routes a middleware's exception through the global ErrorFilter (the API's JSON shape and
 * `code`), while Express would answer with its own HTML error page (body-parser's verify even with a 403).
 * JSON.parse itself copes with deep nesting.
 */
@Injectable()
export class JsonDepthMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const body: unknown = request.body;
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      throw new BadRequestException({
        code: 'JSON_TOO_DEEP',
        message: `The request body nests too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects`,
      });
    }
    next();
  }
}
