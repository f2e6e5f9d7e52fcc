import { ConfigError, loadConfig, ServiceConfig, StartConfig } from '#config';

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
});
