import { ConfigError } from '#config';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export const AUTH_SECRET_MIN_LENGTH = 32;
const GENERATE = 'generate one with: openssl rand -base64 48';

export interface AuthOptions {
  /** HS256 key that signs and verifies bearer tokens (AUTH_SECRET). */
  secret: string;
  /** How long the unit hierarchy is cached by ScopeService (default 30 s). */
  unitCacheTtlMs?: number;
  /**
   * POST /auth/sign-in hands anyone a token for any board or department (AUTH_DEMO_SIGN_IN=true; default off).
   * For demos and tests only: it is sign-in without a password. Otherwise tokens come from `token issue`.
   */
  demoSignIn?: boolean;
}

/** The problem with a secret, or undefined when it is acceptable. Never includes the secret itself. */
export function authSecretProblem(secret: string | undefined): string | undefined {
  if (secret === undefined || secret === '') {
    return `AUTH_SECRET must be set: a random secret of at least ${AUTH_SECRET_MIN_LENGTH} characters that signs and verifies bearer tokens (${GENERATE})`;
  }
  if (secret.trim() !== secret) return 'AUTH_SECRET must not start or end with whitespace (got a value)';
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- characters are counted as code points
  const length = [...secret].length;
  if (length < AUTH_SECRET_MIN_LENGTH)
    return `AUTH_SECRET must be at least ${AUTH_SECRET_MIN_LENGTH} characters (got ${length}); ${GENERATE}`;
  return undefined;
}

/**
 * Reads and validates the auth settings; throws a ConfigError naming each bad variable (main.ts prints it and exits)
 * without echoing the secret. Until AUTH_SECRET is part of the service config, AuthModule reads it here.
 */
export function loadAuthOptions(env: NodeJS.ProcessEnv = process.env): AuthOptions {
  // Unset and empty are the same problem.
  const secret = env.AUTH_SECRET ?? '';
  const demo = env.AUTH_DEMO_SIGN_IN?.trim().toLowerCase() ?? '';
  // Strictly true or false: a typo must not leave password-less sign-in on, nor silently off.
  const demoSignIn = demo === 'true' ? true : demo === 'false' || demo === '' ? false : undefined;
  const problems = [
    authSecretProblem(secret),
    demoSignIn === undefined ? `AUTH_DEMO_SIGN_IN must be true or false (got "${env.AUTH_DEMO_SIGN_IN}")` : undefined,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0 || demoSignIn === undefined) throw new ConfigError(problems);
  return { secret, demoSignIn };
}
