import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#config';
import { eventually, http } from './support/system.js';

/**
 * The README's one command, as a new user runs it (from the build that `npm test` made): embedded
 * PostgreSQL, the Temporal dev server with its UI, migrations, demo data, worker and API; then Ctrl-C.
 */
describe('the start command', () => {
  let start: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'epe-start-'));
  const line = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1];
  const processesOf = (pid: number) =>
    execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter(Boolean);
  const running = (pattern: string) => {
    try {
      return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  };

  const processAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  afterAll(() => {
    if (start?.exitCode === null) start.kill('SIGKILL');
  });

  it('brings everything up, reports both servers healthy, shows the workflows in the Temporal UI, and stops cleanly on Ctrl-C', async () => {
    const [port, pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    start = spawn(process.execPath, ['dist/scripts/start.js'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        TEMPORAL_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => {
      if (start.exitCode !== null) throw new Error(`the start command exited with ${start.exitCode}:\n${output}`);
      return output.includes('[start] Ready.') ? true : undefined;
    }, 120_000);

    const api = line('API');
    expect(api).toBe(`http://127.0.0.1:${port}`);
    expect(line('OpenAPI')).toBe(`${api}/docs`);
    expect(line('Temporal UI')).toBe(`http://127.0.0.1:${uiPort}`);
    expect(output).toMatch(/Audit key: +.*audit-signing-key\.pem/);
    expect(output).toContain(
      'Applied migrations: EventStoreSchema1763800000000, ReadModels1763800001000, UnitValidity1763800002000, LifecycleReadModels1763800003000, AuditCheckpoints1763800004000, DerivedPlansIndex1763800005000',
    );
    expect(output).toContain('Loaded demo units');

    const boardToken = /^\[start\]\s+board\s+(\S+)$/m.exec(output)?.[1];
    expect(boardToken).toBeDefined();
    const client = http(api!, boardToken);
    expect(await client.get('/health')).toMatchObject({
      status: 200,
      body: { details: { postgres: { status: 'up' }, temporal: { status: 'up' } } },
    });
    expect((await fetch(`${api}/docs`)).status).toBe(200);
    // The web app, on the API's port, with the demo sign-in on (it comes with the demo data).
    expect(line('Web app')).toBe(`${api}/app/`);
    const web = await fetch(`${api}/app/`);
    expect({ status: web.status, html: (await web.text()).includes('<div id="root">') }).toEqual({ status: 200, html: true });
    expect(await http(api!).post('/auth/sign-in', { role: 'department', unit: 'SNGV' })).toMatchObject({
      status: 200,
      body: { token: expect.any(String), user: { role: 'department', unit: 'SNGV' } },
    });

    const planId = /plans\/([0-9a-f-]{36})/.exec(output)![1];
    expect(await client.get(`/plans/${planId}`)).toMatchObject({ status: 200, body: { numberSymbol: '119/KH-UBND', status: 'draft' } });
    expect(await client.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202, body: { started: true } });
    const listed = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${uiPort}/api/v1/namespaces/default/workflows`);
      const body = (await response.json()) as { executions?: { execution: { workflowId: string } }[] };
      const ids = (body.executions ?? []).map((e) => e.execution.workflowId).sort();
      return ids.length === 4 ? ids : undefined;
    });
    expect(listed).toEqual([`plan:${planId}`, ...['SGDDT', 'SNGV', 'STTTT'].map((unit) => `plan:${planId}:unit:${unit}`)].sort());

    const children = processesOf(start.pid!);
    expect(children.length).toBeGreaterThanOrEqual(3); // worker, API, Temporal dev server (PostgreSQL daemonises under pg_ctl)
    const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[start] Stopped.');
    const survivors = children
      .filter((pid) => processAlive(pid))
      .map((pid) => `${pid} ${execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim()}`);
    expect(survivors).toEqual([]);
    expect(running(dataDir)).toBe(''); // neither PostgreSQL nor the dev server (both run with paths inside DATA_DIR)
  }, 180_000);
});
