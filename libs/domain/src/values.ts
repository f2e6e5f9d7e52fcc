/**
 * Type guards for values that reach the domain from outside (API bodies, workflow inputs, recorded events), whose
 * declared types cannot be trusted: each is checked for its type before it is read.
 */

/** Text with something other than whitespace in it. */
export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** A plain object, not null and not an array: one whose properties can be read. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
