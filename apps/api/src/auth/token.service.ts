import { createSecretKey } from 'node:crypto';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError } from '@nestjs/jwt';
import { UNIT_CODE_PATTERN } from '#domain';
import { isPlainText } from '../common/validation.js';
import { authSecretProblem } from './auth.config.js';
import { isRole, ROLES, UNIT_ROLES, type AuthUser, type Role } from './auth.types.js';

export const TOKEN_ALGORITHM = 'HS256';
/** `iss` and `aud` of every token: a token signed with the same secret for another purpose is refused. */
export const TOKEN_ISSUER = 'emulation-plan-engine';
export const TOKEN_AUDIENCE = 'emulation-plan-engine-api';
export const DEFAULT_TTL = '8h';
/**
 * The longest a token may live (`exp - iat`): 30 days, since a token cannot be revoked before it expires. The CLI
 * refuses to issue longer ones and the API refuses to accept them, whoever signed them.
 */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;
const MAX_TEXT_LENGTH = 200;
/** Tolerated clock difference between the issuer and the API (on `exp`, and on an `iat` in the future). */
const CLOCK_TOLERANCE_SECONDS = 30;

export type TokenErrorCode = 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

/** A token that cannot be trusted; `message` says what to do about it. The guard answers 401. */
export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface IssueTokenInput {
  sub: string;
  name: string;
  role: Role;
  unit?: string;
}

/**
 * Parses a lifetime such as 90s, 30m, 8h or 7d into seconds; at most 30 days, since a token cannot be revoked
 * before it expires. Throws with a message meant for the person who typed it.
 */
export function parseTtl(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a lifetime: use a number and a unit, such as 90s, 30m, 8h or 7d`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 1) throw new Error('The lifetime must be at least 1s');
  if (seconds > MAX_TTL_SECONDS)
    throw new Error(`"${text}" is too long: a token may live at most ${days(MAX_TTL_SECONDS)} (it cannot be revoked before it expires)`);
  return seconds;
}

const days = (seconds: number) => `${Math.floor(seconds / 86_400)}d`;

/** Problems with the claims a token would carry (or carries), by claim; empty when they are valid. */
export function claimProblems(claims: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = (key: 'sub' | 'name', what: string) => {
    const value = claims[key];
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT_LENGTH || !isPlainText(value)) {
      problems.push(`"${key}" must be ${what}: plain text of 1 to ${MAX_TEXT_LENGTH} characters`);
    }
  };
  text('sub', "the person's id, e.g. nguyen.van.a@sngv");
  text('name', "the person's display name");
  const { role, unit } = claims;
  if (!isRole(role))
    problems.push(`"role" must be one of ${ROLES.join(', ')}${role === undefined ? '' : ` (got ${JSON.stringify(role)})`}`);
  if (unit === undefined || unit === null) {
    if (isRole(role) && UNIT_ROLES.includes(role))
      problems.push(`"unit" is required for the role ${role}: the code of the unit the person acts for, e.g. SNGV`);
  } else if (typeof unit !== 'string' || !UNIT_CODE_PATTERN.test(unit)) {
    problems.push(`"unit" must be a unit code such as SNGV or SNGV.VP (got ${JSON.stringify(unit)})`);
  }
  return problems;
}

function toUser(claims: Record<string, unknown>): AuthUser {
  const id = (claims.sub as string).trim();
  const name = (claims.name as string).normalize('NFC').trim();
  const unit = claims.unit as string | undefined;
  if (claims.role === 'auditor') return { id, name, role: 'auditor', ...(unit ? { unit } : {}) };
  if (unit === undefined) throw new Error('claimProblems lets no board or department token without a unit through');
  return { id, name, role: claims.role as 'board' | 'department', unit };
}

export const GET_A_NEW_ONE = 'ask for a new token (npm run -s cli -- token issue …)';

/** Signs and verifies the API's bearer tokens (JWT, HS256, via @nestjs/jwt). Used by the guard and by the CLI. */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    const problem = authSecretProblem(secret);
    if (problem) throw new Error(problem);
    // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public key on every verify,
    // and that failed parse was a tenth of the API's CPU under load (bench/RESULTS.md, API).
    const key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.jwt = new JwtService({
      privateKey: key,
      publicKey: key,
      signOptions: { algorithm: TOKEN_ALGORITHM, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      verifyOptions: {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    });
  }

  /** A signed token for `input`, valid for `ttlSeconds` from `now`. Throws when a claim is invalid. */
  issue(input: IssueTokenInput, ttlSeconds: number, now: Date = new Date()): string {
    const claims = {
      sub: input.sub.trim(),
      name: input.name.normalize('NFC').trim(),
      role: input.role,
      ...(input.unit ? { unit: input.unit } : {}),
    };
    const problems = claimProblems(claims);
    if (problems.length > 0) throw new Error(problems.join('; '));
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)
      throw new Error(`ttlSeconds must be an integer from 1 to ${MAX_TTL_SECONDS}`);
    const iat = Math.floor(now.getTime() / 1000);
    return this.jwt.sign({ ...claims, iat, exp: iat + ttlSeconds });
  }

  /** The caller a token names; throws a TokenError (→ 401) when it is expired, malformed, wrongly signed or incomplete. */
  verify(token: string, now: Date = new Date()): AuthUser {
    let claims: Record<string, unknown>;
    try {
      claims = this.jwt.verify<Record<string, unknown>>(token, { clockTimestamp: Math.floor(now.getTime() / 1000) });
    } catch (error) {
      throw toTokenError(error);
    }
    assertLifetime(claims, now);
    const problems = claimProblems(claims);
    if (problems.length > 0)
      throw new TokenError('TOKEN_INVALID', `The bearer token's claims are not valid: ${problems.join('; ')}; ${GET_A_NEW_ONE}`);
    return toUser(claims);
  }
}

/**
 * Throws unless the token states when it was issued and when it expires, lives at most MAX_TTL_SECONDS, and was not
 * issued in the future: without these checks a token signed elsewhere with the secret could live for years.
 */
function assertLifetime(claims: Record<string, unknown>, now: Date): void {
  const { iat, exp } = claims;
  if (typeof exp !== 'number') throw new TokenError('TOKEN_INVALID', `The bearer token has no expiry ("exp"); ${GET_A_NEW_ONE}`);
  if (typeof iat !== 'number') throw new TokenError('TOKEN_INVALID', `The bearer token has no issue time ("iat"); ${GET_A_NEW_ONE}`);
  if (exp - iat > MAX_TTL_SECONDS) {
    throw new TokenError(
      'TOKEN_INVALID',
      `The bearer token lives ${days(exp - iat)}; a token may live at most ${days(MAX_TTL_SECONDS)}; ${GET_A_NEW_ONE}`,
    );
  }
  if (iat * 1000 > now.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) {
    throw new TokenError(
      'TOKEN_INVALID',
      `The bearer token was issued in the future (${new Date(iat * 1000).toISOString()}); check the clock of the machine that issued it`,
    );
  }
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenExpiredError) {
    return new TokenError('TOKEN_EXPIRED', `The bearer token expired at ${error.expiredAt.toISOString()}; ${GET_A_NEW_ONE}`);
  }
  if (error instanceof NotBeforeError) {
    return new TokenError(
      'TOKEN_INVALID',
      `The bearer token is not valid before ${error.date.toISOString()}; check the clock of the machine that issued it`,
    );
  }
  if (error instanceof JsonWebTokenError) {
    const message = error.message;
    if (message === 'invalid signature') {
      return new TokenError(
        'TOKEN_INVALID',
        `The bearer token's signature does not match: it was not issued by this server, or AUTH_SECRET has changed since; ${GET_A_NEW_ONE}`,
      );
    }
    if (message === 'invalid algorithm') {
      return new TokenError(
        'TOKEN_INVALID',
        `The bearer token is not signed with ${TOKEN_ALGORITHM}, the only algorithm this API accepts; ${GET_A_NEW_ONE}`,
      );
    }
    if (message.startsWith('jwt audience invalid') || message.startsWith('jwt issuer invalid')) {
      return new TokenError(
        'TOKEN_INVALID',
        `The bearer token was issued for another service (expected iss "${TOKEN_ISSUER}", aud "${TOKEN_AUDIENCE}"); ${GET_A_NEW_ONE}`,
      );
    }
    if (
      ['jwt malformed', 'invalid token', 'jwt must be provided', 'jwt signature is required'].includes(message) ||
      message.startsWith('Unexpected token')
    ) {
      return new TokenError(
        'TOKEN_INVALID',
        'The bearer token is malformed: expected a JWT (three base64url parts separated by dots), as printed by `npm run -s cli -- token issue`',
      );
    }
    return new TokenError('TOKEN_INVALID', `The bearer token is not valid (${message}); ${GET_A_NEW_ONE}`);
  }
  return new TokenError('TOKEN_INVALID', `The bearer token could not be read; ${GET_A_NEW_ONE}`);
}
