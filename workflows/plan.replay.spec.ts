import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Running plans must survive new workflow code: each committed history (recorded from the year-long scenario with
 * `RECORD_HISTORIES=1 npm test`) is replayed against the current bundle by scripts/replay-histories.ts, in a process
 * of its own. A non-deterministic change fails here, before it reaches a province's running plans; such a change
 * needs `patched()` or a new workflow type.
 */
const replay = (directory: string) => {
  const result = spawnSync(process.execPath, ['dist/scripts/replay-histories.js', directory], { encoding: 'utf8', timeout: 120_000 });
  // The script's verdicts are its JSON lines with a `file`; the SDK may log other lines around them.
  const lines = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"file"'))
    .map((line) => JSON.parse(line) as { file: string; ok: boolean; error?: string });
  return { status: result.status, lines, stderr: result.stderr };
};

describe('replay of recorded histories', () => {
  it('replays every committed history deterministically against the current code', () => {
    const { status, lines, stderr } = replay('test/histories');
    expect(lines.map((l) => l.file)).toEqual(
      readdirSync('test/histories')
        .filter((f) => f.endsWith('.json'))
        .sort(),
    );
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect({ status, failures: lines.filter((l) => !l.ok), stderr: status === 0 ? '' : stderr }).toEqual({
      status: 0,
      failures: [],
      stderr: '',
    });
  }, 120_000);

  it('catches a history that the current code would not produce', () => {
    // The unit task's first command is reading its stream (an activity); a recorded timer in its place is a change of code.
    const directory = mkdtempSync(path.join(tmpdir(), 'epe-replay-'));
    cpSync('test/histories/kh119-unit-sngv.json', path.join(directory, 'tampered.json'));
    const history = JSON.parse(readFileSync(path.join(directory, 'tampered.json'), 'utf8')) as { events: Record<string, unknown>[] };
    const scheduled = history.events.findIndex((event) => 'activityTaskScheduledEventAttributes' in event);
    history.events[scheduled] = {
      ...history.events[scheduled],
      eventType: 'EVENT_TYPE_TIMER_STARTED',
      activityTaskScheduledEventAttributes: undefined,
      timerStartedEventAttributes: { timerId: '1', startToFireTimeout: '60s', workflowTaskCompletedEventId: '4' },
    };
    writeFileSync(path.join(directory, 'tampered.json'), JSON.stringify(history));
    const { status, lines } = replay(directory);
    expect(status).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({ file: 'tampered.json', ok: false, error: expect.stringMatching(/Determinism|Nondeterminism|Replay/i) }),
    ]);
  }, 120_000);
});
