import { computeEventHash, diagnoseStream, envelopeOf, GENESIS_HASH, type RecordedEvent } from '#event-store';

/** A well-formed stream of `length` events at global positions 10, 20, 30, … */
function chain(length: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let version = 1; version <= length; version++) {
    const event = {
      streamId: 's',
      version,
      eventId: `s/${version}`,
      type: 'AmountChanged',
      schemaVersion: 1,
      data: { n: version },
      metadata: { actor: 'u' },
      recordedAt: '2027-01-01T00:00:00.000Z',
      globalPosition: String(version * 10),
      transactionId: '1',
      prevHash,
      hash: '',
    };
    event.hash = computeEventHash(prevHash, envelopeOf(event));
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}
const headOf = (events: RecordedEvent[]) => ({ version: events.length, lastHash: events.at(-1)?.hash ?? GENESIS_HASH });
/** What an attacker's renumbering does: only the version column changes. */
const renumber = (event: RecordedEvent, version: number): RecordedEvent => ({ ...event, version });
/** A forged event that extends `previous` correctly: anyone can compute the hash. */
function forge(previous: RecordedEvent, version: number): RecordedEvent {
  const event = { ...previous, version, eventId: 's/forged', data: { n: 999 }, prevHash: previous.hash, globalPosition: '999' };
  return { ...event, hash: computeEventHash(event.prevHash, envelopeOf(event)) };
}
const diagnose = (events: RecordedEvent[], head = headOf(events)) => diagnoseStream('s', events, head).firstBreak;

describe('diagnoseStream names the first break of a chain', () => {
  it('passes an intact stream and an empty one', () => {
    expect(diagnoseStream('s', chain(4), headOf(chain(4)))).toEqual({ streamId: 's', ok: true, eventsChecked: 4 });
    expect(diagnoseStream('s', [], undefined)).toEqual({ streamId: 's', ok: true, eventsChecked: 0 });
  });

  it('altered: a payload changed in place', () => {
    const events = chain(4);
    events[1] = { ...events[1], data: { n: 42 } };
    expect(diagnose(events)).toMatchObject({
      kind: 'altered',
      version: 2,
      eventId: 's/2',
      globalPosition: '20',
      message: expect.stringMatching(/no longer hashes/),
    });
  });

  it('altered: a payload changed and its own hash recomputed (the next event still links to the original)', () => {
    const events = chain(4);
    const changed = { ...events[1], data: { n: 42 } };
    events[1] = { ...changed, hash: computeEventHash(changed.prevHash, envelopeOf(changed)) };
    expect(diagnose(events, headOf(chain(4)))).toMatchObject({
      kind: 'altered',
      version: 2,
      eventId: 's/2',
      message: expect.stringMatching(/hash recomputed/),
    });
  });

  it('altered: the last event rewritten with its hash, found through the stream row', () => {
    const events = chain(3);
    const head = headOf(events);
    const changed = { ...events[2], data: { n: 42 } };
    events[2] = { ...changed, hash: computeEventHash(changed.prevHash, envelopeOf(changed)) };
    expect(diagnose(events, head)).toMatchObject({ kind: 'altered', version: 3, eventId: 's/3' });
  });

  it('missing: a deleted event leaves a gap', () => {
    const events = chain(4);
    expect(diagnose([events[0], events[2], events[3]], headOf(events))).toMatchObject({
      kind: 'missing',
      version: 2,
      message: expect.stringMatching(/versions 2–2 are missing/),
    });
  });

  it('missing: a deleted event with the later ones renumbered to close the gap', () => {
    const events = chain(4);
    const tampered = [events[0], renumber(events[2], 2), renumber(events[3], 3)];
    expect(diagnose(tampered, { version: 3, lastHash: events[3].hash })).toMatchObject({
      kind: 'missing',
      version: 2,
      eventId: 's/3',
      message: expect.stringMatching(/recorded as version 3/),
    });
  });

  it('missing: a truncated tail, the stream row untouched', () => {
    const events = chain(4);
    expect(diagnose(events.slice(0, 2), headOf(events))).toMatchObject({
      kind: 'missing',
      version: 3,
      message: expect.stringMatching(/tail of the stream is missing/),
    });
  });

  it('missing: events without their stream row', () => {
    expect(diagnoseStream('s', chain(2), undefined).firstBreak).toMatchObject({
      kind: 'missing',
      message: expect.stringMatching(/stream row is missing/),
    });
  });

  it('inserted: a forged event slipped in between, the later ones renumbered', () => {
    const events = chain(4);
    const tampered = [events[0], events[1], forge(events[1], 3), renumber(events[2], 4), renumber(events[3], 5)];
    expect(diagnose(tampered, { version: 5, lastHash: events[3].hash })).toMatchObject({
      kind: 'inserted',
      version: 3,
      eventId: 's/forged',
    });
  });

  it('inserted: a forged event appended past the stream row', () => {
    const events = chain(3);
    expect(diagnose([...events, forge(events[2], 4)], headOf(events))).toMatchObject({ kind: 'inserted', version: 4, eventId: 's/forged' });
  });

  it('reordered: two events that exchanged versions', () => {
    const events = chain(4);
    const tampered = [events[0], renumber(events[2], 2), renumber(events[1], 3), events[3]];
    expect(diagnose(tampered)).toMatchObject({ kind: 'reordered', version: 2, eventId: 's/3' });
  });

  it('reordered: two events that exchanged global positions', () => {
    const events = chain(4);
    const tampered = [events[0], { ...events[1], globalPosition: '30' }, { ...events[2], globalPosition: '20' }, events[3]];
    expect(diagnose(tampered)).toMatchObject({ kind: 'reordered', version: 3, eventId: 's/3' });
  });
});
