import { ConfigError, isLoopbackHost, loadConfig, ServiceConfig, StartConfig } from '#config';

describe('configuration', () => {
  const valid = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', TEMPORAL_ADDRESS: 'localhost:7233' };

  it('applies defaults for unset variables', () => {
    const config = loadConfig(ServiceConfig, valid);
    expect(config).toMatchObject({ PORT: 3000, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'emulation-plans', LOG_LEVEL: 'info' });
  });

  it('names every bad variable with what it got', () => {
    let error: unknown;
    try {
      loadConfig(ServiceConfig, { DATABASE_URL: 'mysql://x', PORT: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")');
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(message).toContain('it is not set');
    expect(message).toMatch(/PORT .*got "abc"/);
  });

  it('parses booleans and numbers for the start command', () => {
    const config = loadConfig(StartConfig, { DEMO_DATA: 'false', TEMPORAL_PORT: '17233' });
    expect(config.DEMO_DATA).toBe(false);
    expect(config.TEMPORAL_PORT).toBe(17233);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('rejects a boolean that is neither true nor false', () => {
    expect(() => loadConfig(StartConfig, { DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA must be true or false \(got "maybe"\)/);
  });

  describe('TRUST_PROXY, as Express\'s "trust proxy" takes it', () => {
    const trustProxy = (value: string) => loadConfig(ServiceConfig, { ...valid, TRUST_PROXY: value }).TRUST_PROXY;

    it('reads a whole number as a hop count (it was passed as text, which Express read as the address 0.0.0.1)', () => {
      expect(trustProxy('1')).toBe(1);
      expect(trustProxy(' 2 ')).toBe(2);
    });

    it('reads anything else as a list of range names, addresses and CIDR blocks', () => {
      expect(trustProxy('loopback')).toEqual(['loopback']);
      expect(trustProxy('Loopback, 10.0.0.0/8 ,192.168.1.5, fd00::/8, 172.16.0.0/255.240.0.0')).toEqual([
        'loopback',
        '10.0.0.0/8',
        '192.168.1.5',
        'fd00::/8',
        '172.16.0.0/255.240.0.0',
      ]);
      expect(loadConfig(ServiceConfig, valid).TRUST_PROXY).toBeUndefined();
    });

    it.each(['true', 'false', 'localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '10.0.0.1,', '300.1.1.1', '1.5'])(
      "refuses %s with a ConfigError (true would trust every client's X-Forwarded-For; it threw a TypeError at start-up)",
      (value) => {
        expect(() => trustProxy(value)).toThrow(ConfigError);
        expect(() => trustProxy(value)).toThrow(
          new RegExp(
            `TRUST_PROXY must be the number of proxies .*never true.* \\(got "${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\)`,
          ),
        );
      },
    );
  });

  describe('isLoopbackHost (where demo sign-in may listen)', () => {
    it.each(['127.0.0.1', '127.0.0.53', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1', '[::ffff:127.0.0.1]'])(
      '%s is loopback',
      (host) => {
        expect(isLoopbackHost(host)).toBe(true);
      },
    );

    // Shorthands a resolver may read as loopback are refused all the same: the rule stays one that a person can check.
    it.each([
      '0.0.0.0',
      '::',
      '192.168.1.2',
      '127.1',
      '0:0:0:0:0:0:0:1',
      '127.0.0.1.example.com',
      'localhost.example.com',
      '::ffff:10.0.0.1',
    ])('%s is not', (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    });
  });
});
