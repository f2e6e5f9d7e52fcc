import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GatewayTimeoutException,
  Global,
  Module,
  NotFoundException,
  ServiceUnavailableException,
  type DynamicModule,
} from '@nestjs/common';
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';

/** Injection token: how long an HTTP caller waits for a workflow to confirm an update before being told to check back. */
export const UPDATE_WAIT_MS = Symbol('UPDATE_WAIT_MS');

/** Provides UPDATE_WAIT_MS to every service that runs updates (from UPDATE_WAIT_SECONDS; tests shorten it). */
@Global()
@Module({})
export class WorkflowCallsModule {
  static forRoot(updateWaitSeconds: number): DynamicModule {
    return {
      module: WorkflowCallsModule,
      providers: [{ provide: UPDATE_WAIT_MS, useValue: updateWaitSeconds * 1000 }],
      exports: [UPDATE_WAIT_MS],
    };
  }
}

const GRPC_UNAVAILABLE = 14;
const FORBIDDEN = new Set(['NOT_THE_ISSUER', 'READ_ONLY']);
const BAD_INPUT = new Set([
  'INVALID_INPUT',
  'INVALID_SUBMISSION',
  'WRONG_SUBMISSION',
  'REASON_REQUIRED',
  'EXTENSION_REASON_REQUIRED',
  'EXTENSION_NOT_LATER',
  'EXTENSION_IN_PAST',
  'EMPTY_AMENDMENT',
  'UNKNOWN_STAGE',
  'INVALID_AMENDMENT',
  'DEADLINE_OUT_OF_RANGE',
  'EXTENSION_OUTSIDE_TIME_FRAME',
  'INVALID_INSTANT',
]);

/**
 * Runs a human action as a Temporal Update on a workflow and maps the outcome to HTTP: the validator's refusal
 * is a 400 (bad input), 403 (not this person's to do) or 409 (not possible now) with the domain's code and reason; a workflow that does not
 * exist is a 404; no confirmation in time is a 504 that says the action may still be recorded.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: { idempotencyKey?: string; notFound: string; waitMs: number },
): Promise<Ret> {
  try {
    return await temporal.withDeadline(Date.now() + options.waitMs, () =>
      temporal.workflow.getHandle(workflowId).executeUpdate(update, { args, updateId: options.idempotencyKey }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const { type, message } = error.cause;
      if (FORBIDDEN.has(type ?? '')) throw new ForbiddenException({ code: type, message });
      throw BAD_INPUT.has(type ?? '')
        ? new BadRequestException({ code: type, message })
        : new ConflictException({ code: type ?? 'REJECTED', message });
    }
    if (error instanceof WorkflowNotFoundError) throw new NotFoundException({ code: 'NOT_RUNNING', message: options.notFound });
    // The client reports the deadline as a cancelled update call: the update may have been accepted all the same.
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
      throw new GatewayTimeoutException({
        code: 'NOT_CONFIRMED_YET',
        message: `The action was not confirmed within ${options.waitMs / 1000} s and may still be recorded: reload before retrying, or retry with the same Idempotency-Key`,
      });
    }
    throw unavailable(error);
  }
}

/** A Temporal outage is a 503 that says nothing changed; anything else stays unexpected. */
export function unavailable(error: unknown): unknown {
  const grpc = [error, (error as { cause?: unknown })?.cause].find(isGrpcServiceError);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- grpc-js's Status enum, not our dependency
  if (grpc?.code === GRPC_UNAVAILABLE || isGrpcDeadlineError(error)) {
    return new ServiceUnavailableException({
      code: 'TEMPORAL_UNAVAILABLE',
      message: 'The workflow engine is unreachable; nothing was changed, try again later',
    });
  }
  return error;
}
