import { ConfigError } from '#config';
import { loadAuthOptions } from './auth.config.js';

describe('loadAuthOptions', () => {
  it('accepts a secret of 32 characters or more', () => {
    expect(loadAuthOptions({ AUTH_SECRET: 'x'.repeat(32) })).toEqual({ secret: 'x'.repeat(32), demoSignIn: false });
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

  it('turns demo sign-in on only for AUTH_DEMO_SIGN_IN=true; off when unset, empty or false', () => {
    const secret = 'x'.repeat(32);
    expect(loadAuthOptions({ AUTH_SECRET: secret, AUTH_DEMO_SIGN_IN: 'true' }).demoSignIn).toBe(true);
    expect(loadAuthOptions({ AUTH_SECRET: secret, AUTH_DEMO_SIGN_IN: ' TRUE ' }).demoSignIn).toBe(true);
    for (const off of [undefined, '', 'false'])
      expect(loadAuthOptions({ AUTH_SECRET: secret, AUTH_DEMO_SIGN_IN: off }).demoSignIn).toBe(false);
  });

  it('names AUTH_DEMO_SIGN_IN when it is neither true nor false, with AUTH_SECRET when both are wrong', () => {
    expect(() => loadAuthOptions({ AUTH_SECRET: 'x'.repeat(32), AUTH_DEMO_SIGN_IN: 'yes' })).toThrow(
      'AUTH_DEMO_SIGN_IN must be true or false (got "yes")',
    );
    let problems: string[] = [];
    try {
      loadAuthOptions({ AUTH_DEMO_SIGN_IN: '1' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([expect.stringContaining('AUTH_SECRET must be set'), 'AUTH_DEMO_SIGN_IN must be true or false (got "1")']);
  });
});
