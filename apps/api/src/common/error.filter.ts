import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDomainError } from '#domain';
import { EventIdConflictError, EventStoreError, ExpectedVersionConflictError } from '#event-store';

const CONFLICT_CODES = new Set(['PLAN_EXISTS', 'TASK_ALREADY_ACKNOWLEDGED', 'TASK_NOT_ASSIGNED']);
const NOT_FOUND_CODES = new Set(['PLAN_NOT_FOUND']);

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
      const { code, message, problems } = typeof body === 'object' ? (body as { code?: string; message: string | string[]; problems?: unknown }) : { code: undefined, message: body, problems: undefined };
      this.send(response, status, message, code, problems);
    } else if (isDomainError(exception)) {
      const status = CONFLICT_CODES.has(exception.code) ? 409 : NOT_FOUND_CODES.has(exception.code) ? 404 : 400;
      this.send(response, status, exception.message, exception.code);
    } else if (exception instanceof ExpectedVersionConflictError || exception instanceof EventIdConflictError) {
      this.send(response, 409, `${exception.message}; reload and try again`, exception.name);
    } else if (exception instanceof EventStoreError) {
      this.send(response, 400, exception.message, 'INVALID_EVENT'); // the store refused input that validation let through
    } else {
      this.logger.error({ err: exception }, 'Unhandled error');
      this.send(response, 500, 'Internal server error');
    }
  }

  /** `problems`: the field-named details behind a message list (plan validation), for forms to show beside each field. */
  private send(response: Response, status: number, message: string | string[], code?: string, problems?: unknown): void {
    const error = (HttpStatus[status] ?? 'ERROR').toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
    response.status(status).json({ statusCode: status, error, ...(code ? { code } : {}), message, ...(problems ? { problems } : {}) });
  }
}
