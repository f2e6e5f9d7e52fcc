import { createHash } from 'node:crypto';
import {
  applyDecorators,
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, of, type Observable } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson } from '#event-store';
import type { AuthenticatedRequest, AuthUser } from '../../auth/index.js';
import { statusOf } from '../error.filter.js';
import { idempotencyKeyOf } from '../request-headers.js';
import { routeTemplateOf } from '../route.js';
import { IDEMPOTENCY_RETENTION_HOURS, IdempotencyRecords } from './idempotency-records.js';

/** Namespace of operation ids: UUIDs derived from (actor, Idempotency-Key, request fingerprint). */
const OPERATION_ID_NAMESPACE = '0b6f3f9e-5d7c-4a8e-b2d4-9c1e6a7f4e21';

/** A request once the interceptor has bound its key: the id that identifies its action everywhere downstream. */
export type IdempotentRequest = AuthenticatedRequest & { operationId?: string };

/**
 * What the key is bound to: the endpoint (method and route template), its path parameters and the body, as SHA-256
 * of their canonical JSON (RFC 8785), so key order and spacing do not matter but every value does.
 */
export function fingerprintOf(endpoint: string, params: Request['params'], body: unknown): string {
  // RFC 8785 has no form for a lone surrogate, and validation, which would refuse it, runs after this interceptor.
  if (hasIllFormedText(body))
    throw new BadRequestException({
      code: 'ILL_FORMED_TEXT',
      message: 'The request body has text that is not well-formed Unicode (a lone surrogate)',
    });
  return createHash('sha256')
    .update(canonicalJson({ endpoint, params, body: body ?? {} }), 'utf8')
    .digest('hex');
}

const hasIllFormedText = (value: unknown): boolean =>
  typeof value === 'string'
    ? !value.isWellFormed()
    : typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(([name, item]) => !name.isWellFormed() || hasIllFormedText(item));

/**
 * Whose keys a record belongs to: the token's subject in its role and unit, since a stored answer is replayed
 * without the route's scope check, and the same subject may be issued tokens for other units or roles.
 */
export const actorIdentityOf = (user: AuthUser): string => `${user.id}|${user.role}|${user.unit ?? ''}`;

/**
 * The id of the action a request asks for, used as its Temporal update id (and so the events' causationId): two
 * different requests never share it, whatever keys their callers chose, so one action can never answer for another.
 */
export const operationIdOf = (actorId: string, key: string, fingerprint: string): string =>
  uuidv5(`${actorId}\n${key}\n${fingerprint}`, OPERATION_ID_NAMESPACE);

/**
 * Binds an Idempotency-Key to (actor, endpoint, path parameters, body) for 24 hours. The first request claims the key
 * and runs; once it succeeds its answer is stored. A retry of the same request gets the stored answer (header
 * `Idempotent-Replayed: true`), or, while none is stored (still running, or a 504), runs again under the same
 * operation id, which the workflow deduplicates. The same key with another request is a 409 that changes nothing.
 * A request refused with a 4xx changed nothing and frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly records: IdempotencyRecords) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    if (!request.user) throw new Error('@Idempotent() used on a route without an authenticated user (is it @Public()?)');
    const actorId = actorIdentityOf(request.user);
    const endpoint = `${request.method} ${routeTemplateOf(request)}`;
    const fingerprint = fingerprintOf(endpoint, request.params, request.body);
    const record = await this.records.claim(actorId, key, endpoint, fingerprint);
    if (record.fingerprint !== fingerprint) {
      throw new ConflictException({
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: `This Idempotency-Key was already used for a different request (${record.endpoint}); use a new key for a new action`,
      });
    }
    if (record.answered) {
      context.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
      return of(record.answer);
    }
    request.operationId = operationIdOf(actorId, key, fingerprint);
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        // The action is done: failing to store its answer must not report it as failed; a retry runs it again under
        // the same operation id, which the workflow deduplicates.
        await this.records
          .answer(actorId, key, fingerprint, answer)
          .catch((error: unknown) => this.logger.warn(`Storing an idempotent answer failed: ${String(error)}`));
        return answer;
      }),
      catchError((error: unknown) => {
        // A 4xx, however it is raised (HttpException, DomainError, store conflict), changed nothing. Freeing the key
        // is a courtesy: if it fails, the caller still gets the refusal, not a 500.
        const { claim } = record;
        const refused = claim !== undefined && statusOf(error) < 500;
        const released = refused
          ? this.records
              .release(actorId, key, claim)
              .catch((failure: unknown) => this.logger.warn(`Freeing an Idempotency-Key failed: ${String(failure)}`))
          : Promise.resolve();
        return from(
          released.then(() => {
            throw error;
          }),
        );
      }),
    );
  }
}

/** The route (or every route of the controller) takes an Idempotency-Key, bound to the actor and the request. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `Retrying with the same key and the same request returns the first answer and changes nothing; the same key with another request is a 409 IDEMPOTENCY_KEY_REUSED. Keys are kept ${IDEMPOTENCY_RETENTION_HOURS} hours per caller.`,
    }),
  );
