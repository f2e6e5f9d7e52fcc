import { ConfigError } from '#config';
import { loadAuthOptions } from './auth.config.js';

describe('loadAuthOptions', () => {
  it('accepts a secret of 32 characters or more', () => {
    expect(loadAuthOptions({ AUTH_SECRET: 'x'.repeat(32) })).toEqual({ secret: 'x'.repeat(32) });
  });

  it('names AUTH_SECRET when it is missing, and says how to make one', () => {
    expect(() => loadAuthOptions({})).toThrow(ConfigError);
    expect(() => loadAuthOptions({ AUTH_SECRET: '' })).toThrow(/AUTH_SECRET must be set: .* openssl rand -base64 48/);
  });

  it('names AUTH_SECRET when it is too short or padded, without echoing it', () => {
    let message = '';
    try {
      loadAuthOptions({ AUTH_SECRET: 'hunter2-is-my-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('AUTH_SECRET must be at least 32 characters (got 20)');
    expect(message).not.toContain('hunter2');
    expect(() => loadAuthOptions({ AUTH_SECRET: ` ${'x'.repeat(40)}` })).toThrow('AUTH_SECRET must not start or end with whitespace');
  });

  it('counts characters, not bytes', () => {
    expect(() => loadAuthOptions({ AUTH_SECRET: 'ă'.repeat(31) })).toThrow('got 31');
  });
});
