import { ApplicationFailure } from '@temporalio/workflow';
import { isDomainError } from '#domain';

/**
 * Runs a domain decision. A refusal becomes an ApplicationFailure whose type is the domain's code: in an
 * update validator that rejects the update (no trace in history); in a workflow body it fails the workflow
 * with that reason instead of retrying its task forever.
 */
export function decideOrReject<T>(decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    if (isDomainError(error)) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('INVALID_INPUT', `${field} must be a non-empty string`);
}

export function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
