import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { Checkpointer, generateSigningKeyPair } from '#event-store';
import { createEventStore } from '#persistence';
import { KH119_RETURN_REASON, playKh119Cascade, type Kh119Cascade } from '../../../../test/support/driven-streams.js';
import { runCli as cli } from '../../../../test/support/cli.js';
import { createMigratedDataSource } from '../../../../test/support/database.js';

describe('cli audit (the built CLI, on PostgreSQL)', () => {
  let dataSource: DataSource;
  let url: string;
  let cascade: Kh119Cascade;
  let env: Record<string, string>;
  const keys = generateSigningKeyPair();
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));

  beforeAll(async () => {
    ({ dataSource, url } = await createMigratedDataSource('auditcli'));
    cascade = await playKh119Cascade(createEventStore(dataSource));
    writeFileSync(path.join(dir, 'signing.pem'), keys.privateKeyPem);
    writeFileSync(path.join(dir, 'public.pem'), keys.publicKeyPem);
    env = { DATABASE_URL: url, AUDIT_SIGNING_KEY_FILE: path.join(dir, 'signing.pem') };

    // Sign everything: a checkpoint covers only what every reader can see (other tests hold transactions open).
    const checkpointer = new Checkpointer(dataSource, { privateKeyPem: keys.privateKeyPem, keyId: 'test' });
    const total = Number((await dataSource.query('SELECT count(*) AS n FROM events'))[0].n);
    for (let covered = 0, deadline = Date.now() + 30_000; covered < total; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() > deadline) throw new Error(`only ${covered} of ${total} events checkpointed`);
      covered = (await checkpointer.createCheckpoint())?.count ?? covered;
    }
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('verify: the whole store, and one plan with its cascade, pass', async () => {
    const all = await cli(['audit', 'verify'], env);
    expect(all).toMatchObject({ code: 0, stdout: expect.stringMatching(/^PASS: the whole store — 8 streams, \d+ events/) });
    const plan = await cli(['audit', 'verify', '--plan', cascade.planA.planId, '--json'], {
      DATABASE_URL: url,
      AUDIT_PUBLIC_KEY_FILE: path.join(dir, 'public.pem'),
    });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ ok: true, scope: { streams: 8 }, checkpoints: { uncovered: 0 }, problems: [] });
  });

  it('history: the timeline in Vietnam time with who and why, and the state as of a date', async () => {
    const { code, stdout } = await cli(['audit', 'history', cascade.planA.planId, '--as-of', '2022-04-22'], env);
    expect(code).toBe(0);
    expect(stdout).toContain(`Trả lại, yêu cầu bổ sung (SubmissionReturned) — test:issuer — “${KH119_RETURN_REASON}”`);
    expect(stdout).toMatch(/22\/04\/2022 09:00 {2}SNGV/);
    // 22/4: SNGV's registration was returned; nothing of 23/4 or later is there yet.
    expect(stdout).toMatch(/SNGV +open +registration \(returned\)/);
    expect(stdout).not.toMatch(/\/04\/2022 .* SNGV\.VP +Đơn vị nộp/);
  });

  it('export, copy elsewhere, verify offline with nothing but the CLI; one byte changed fails', async () => {
    const bundle = path.join(dir, 'kh119.audit.ndjson');
    const exported = await cli(['audit', 'export', cascade.planA.planId, '--out', bundle], env);
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringContaining('Wrote') });

    const elsewhere = path.join(mkdtempSync(path.join(tmpdir(), 'inspector-')), 'kh119.audit.ndjson');
    copyFileSync(bundle, elsewhere);
    const offline = { HOME: tmpdir() }; // no DATABASE_URL, no key variables
    const published = path.join(dir, 'public.pem');
    const ok = await cli(['audit', 'verify-bundle', elsewhere, '--public-key', published], offline);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^PASS: .*kh119\.audit\.ndjson — plan /);
    const events = readFileSync(elsewhere, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{"record":"event"')).length;
    expect(ok.stdout).toContain(
      `8 streams, ${events} events, 1 checkpoints; ${events} events proven under a signed checkpoint, 0 after the last one`,
    );

    // One byte: the first letter of the return reason, in the event that recorded it.
    const bytes = readFileSync(elsewhere);
    const at = bytes.indexOf(Buffer.from(`"reason":"${KH119_RETURN_REASON}"`)) + '"reason":"'.length;
    bytes[at] = 't'.charCodeAt(0);
    writeFileSync(elsewhere, bytes);
    const changed = await cli(['audit', 'verify-bundle', elsewhere, '--public-key', published], offline);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^FAIL/);
    expect(changed.stdout).toContain('[bundle-changed] The bundle was changed after it was exported');
    expect(changed.stdout).toMatch(
      /\[altered\] Line \d+: Stream "plan:.*:unit:SNGV" version \d+: event .* no longer hashes to its stored hash/,
    );

    // A bundle signed by another key than the published one fails too.
    const stranger = path.join(dir, 'stranger.pem');
    writeFileSync(stranger, generateSigningKeyPair().publicKeyPem);
    expect((await cli(['audit', 'verify-bundle', bundle, '--public-key', stranger], offline)).code).toBe(1);
  });

  it('verify exits 1 and names what was tampered with, and where', async () => {
    const victim = cascade.tasks.STTTT.streamId;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SET session_replication_role = replica');
    await client.query('DELETE FROM events WHERE stream_id = $1 AND version = 2', [victim]);
    await client.end();

    const result = await cli(['audit', 'verify', '--plan', cascade.planA.planId], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL: plan .* and its cascade/);
    expect(result.stdout).toContain(`✗ [missing] Stream "${victim}" version 2: versions 2–2 are missing`);
    expect(result.stdout).toMatch(
      new RegExp(
        `✗ \\[missing\\] Stream "${victim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" version 2 \\(position \\d+\\) was signed in checkpoint 1 but is no longer stored`,
      ),
    );
  });
});
