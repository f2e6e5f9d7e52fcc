import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDomainError } from '#domain';
import { EventIdConflictError, EventStoreError, ExpectedVersionConflictError } from '#event-store';

const CONFLICT_CODES = new Set(['PLAN_EXISTS', 'TASK_ALREADY_ACKNOWLEDGED', 'TASK_NOT_ASSIGNED']);
const NOT_FOUND_CODES = new Set(['PLAN_NOT_FOUND']);

/**
 * The HTTP status an error is answered with: one mapping for the filter and for whoever must know before it whether
 * a request was refused (a 4xx: it changed nothing) or failed (a 5xx: its outcome may be unknown).
 */
export function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  if (isDomainError(error)) return CONFLICT_CODES.has(error.code) ? 409 : NOT_FOUND_CODES.has(error.code) ? 404 : 400;
  if (error instanceof ExpectedVersionConflictError || error instanceof EventIdConflictError) return 409;
  if (error instanceof EventStoreError) return 400; // the store refused input that validation let through
  return 500;
}

/**
 * Errors as JSON: { statusCode, error, code?, message }. Bodies that carry their own structure (e.g. the
 * health report) pass through. Only an unexpected error is a 500, and only those are logged as errors.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      if (typeof body === 'object' && body !== null && !('message' in body)) {
        response.status(status).json(body);
        return;
      }
      const { code, message, problems } =
        typeof body === 'object'
          ? (body as { code?: string; message: string | string[]; problems?: unknown })
          : { code: undefined, message: body, problems: undefined };
      this.send(response, status, message, code, problems);
    } else if (isDomainError(exception)) {
      this.send(response, statusOf(exception), exception.message, exception.code);
    } else if (exception instanceof ExpectedVersionConflictError || exception instanceof EventIdConflictError) {
      this.send(response, statusOf(exception), `${exception.message}; reload and try again`, exception.name);
    } else if (exception instanceof EventStoreError) {
      this.send(response, statusOf(exception), exception.message, 'INVALID_EVENT');
    } else {
      this.logger.error({ err: exception }, 'Unhandled error');
      this.send(response, 500, 'Internal server error');
    }
  }

  /** `problems`: the field-named details behind a message list (plan validation), for forms to show beside each field. */
  private send(response: Response, status: number, message: string | string[], code?: string, problems?: unknown): void {
    const error = (HttpStatus[status] ?? 'ERROR')
      .toLowerCase()
      .replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
    response.status(status).json({ statusCode: status, error, ...(code ? { code } : {}), message, ...(problems ? { problems } : {}) });
  }
}
