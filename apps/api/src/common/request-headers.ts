import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { IdempotentRequest } from './idempotency/idempotency.interceptor.js';
import { isPlainText } from './validation.js';

const MAX_LENGTH = 200;

function header(request: Request, name: string): string | undefined {
  const value = request.header(name)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_LENGTH || !isPlainText(value)) {
    throw new BadRequestException(`The ${name} header must be plain text of at most ${MAX_LENGTH} characters`);
  }
  return value;
}

/** The request's Idempotency-Key header, if it has one. */
export const idempotencyKeyOf = (request: Request): string | undefined => header(request, 'Idempotency-Key');

/**
 * The id of the action an Idempotency-Key'd request asks for (see IdempotencyInterceptor), to run it under: never
 * the caller's key itself, which is only unique to that caller. Undefined without a key.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<IdempotentRequest>();
  if (idempotencyKeyOf(request) !== undefined && request.operationId === undefined) {
    throw new Error('@IdempotencyKey() used on a route without @Idempotent()');
  }
  return request.operationId;
});
