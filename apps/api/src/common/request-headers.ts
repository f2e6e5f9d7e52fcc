import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { isPlainText } from './validation.js';

const MAX_LENGTH = 200;

function header(context: ExecutionContext, name: string): string | undefined {
  const value = context.switchToHttp().getRequest<Request>().header(name)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_LENGTH || !isPlainText(value)) {
    throw new BadRequestException(`The ${name} header must be plain text of at most ${MAX_LENGTH} characters`);
  }
  return value;
}

/** An optional Idempotency-Key: a retried request with the same key gets the first answer and changes nothing. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  header(context, 'Idempotency-Key'),
);
