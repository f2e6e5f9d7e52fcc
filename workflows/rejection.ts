import { ApplicationFailure } from '@temporalio/workflow';
import { isDomainError } from '#domain';

/** Runs a decision in an update validator; a refused command becomes a rejection whose type is the domain code. */
export function decideOrReject<T>(decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    if (isDomainError(error)) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw ApplicationFailure.create({ type: 'INVALID_INPUT', message: `${field} must be a non-empty string`, nonRetryable: true });
  }
}
