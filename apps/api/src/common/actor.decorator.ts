import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is acting, recorded as each event's actor. Until signed tokens arrive (the lifecycle issue),
 * callers name themselves in the X-Actor header.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().header('x-actor')?.trim();
  if (!value) throw new BadRequestException('The X-Actor header must name who is acting (e.g. X-Actor: nguyen.van.a@sngv)');
  if (value.length > 200) throw new BadRequestException('The X-Actor header must be at most 200 characters');
  return value;
});
