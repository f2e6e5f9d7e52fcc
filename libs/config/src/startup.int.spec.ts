import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Runs the built entry points (npm test builds first) as an operator would, with a broken environment.
const dist = path.resolve('dist/apps');

describe.each(['api', 'worker'])('%s start-up with bad configuration', (service) => {
  it('exits with a message naming each bad variable, before touching any server', () => {
    const result = spawnSync(process.execPath, [path.join(dist, service, 'src/main.js')], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', PORT: '70000' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://nope")');
    expect(result.stderr).toContain('TEMPORAL_ADDRESS');
    expect(result.stderr).toMatch(/PORT .*got "70000"/);
  });
});
