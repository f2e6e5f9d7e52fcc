import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * How deeply a JSON body may nest. The deepest request the API declares (a plan draft) nests about 6 levels; the
 * validator and class-transformer recurse, so 10,000 levels overflowed the stack (a 500).
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests arrays and objects more than `max` levels deep; walked with a stack, never recursively. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses a body nested deeper than MAX_JSON_DEPTH with a 400, before any other pipe (validation) recurses into it.
 * A pipe rather than body-parser's `verify` hook: body-parser turns a verify error into a 403, and errors there
 * bypass the API's error filter (its JSON shape and `code`). JSON.parse itself copes with deep nesting.
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && nestsDeeperThan(value, MAX_JSON_DEPTH)) {
      throw new BadRequestException({ code: 'JSON_TOO_DEEP', message: `The request body nests too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects` });
    }
    return value;
  }
}
