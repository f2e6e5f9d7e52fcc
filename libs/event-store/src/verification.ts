import { computeEventHash, envelopeOf, GENESIS_HASH } from './hashing.js';
import type { BreakKind, ChainBreak, RecordedEvent, StreamVerification } from './types.js';

export interface StreamHead {
  version: number;
  lastHash: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Checks one stream's hash chain (its events in version order, and its stream row) and names the first break:
 *  - altered: an event's content no longer hashes to its stored hash, or it was rewritten with a recomputed hash
 *    (the next event, or the stream row, still links to the original);
 *  - missing: versions absent (deleted), a truncated tail, or events deleted and the later ones renumbered;
 *  - inserted: events that the chain does not link (placed between two events, or past the stream row's head);
 *  - reordered: events whose versions or global positions were exchanged.
 * An event renumbered by the tamperer still hashes under its original version, which is how moves are told
 * apart from alterations. Only the first break is reported: later links usually fail as a consequence of it.
 */
export function diagnoseStream(streamId: string, events: readonly RecordedEvent[], head: StreamHead | undefined): StreamVerification {
  const firstBreak = firstBreakOf(streamId, events, head);
  return { streamId, ok: firstBreak === undefined, eventsChecked: events.length, ...(firstBreak ? { firstBreak } : {}) };
}

function firstBreakOf(streamId: string, events: readonly RecordedEvent[], head: StreamHead | undefined): ChainBreak | undefined {
  const indexByHash = new Map(events.map((event, index) => [event.hash, index]));
  const at = (kind: BreakKind, event: RecordedEvent | undefined, version: number, message: string): ChainBreak => ({
    kind,
    version,
    ...(event ? { eventId: event.eventId, globalPosition: event.globalPosition } : {}),
    message: `Stream "${streamId}" version ${version}: ${message}`,
  });
  const highest = Math.max(events.length, head?.version ?? 0, ...events.map((e) => e.version)) + events.length;

  let previousHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expected = index + 1;
    const previous = events[index - 1];
    if (event.version > expected) {
      return at(
        'missing',
        event,
        expected,
        `versions ${expected}–${event.version - 1} are missing; the stream jumps to version ${event.version} (event ${event.eventId})`,
      );
    }
    const original = versionHashedUnder(event, highest);
    if (original === undefined) {
      return at(
        'altered',
        event,
        expected,
        `event ${event.eventId} no longer hashes to its stored hash ${short(event.hash)}; its content was altered`,
      );
    }
    if (original === expected && event.prevHash === previousHash) {
      if (previous && BigInt(event.globalPosition) < BigInt(previous.globalPosition)) {
        return at(
          'reordered',
          event,
          expected,
          `event ${event.eventId} sits at global position ${event.globalPosition}, before version ${expected - 1} (position ${previous.globalPosition}); events were reordered`,
        );
      }
      previousHash = event.hash;
      continue;
    }
    // The event is intact (under its original version) but does not link: find its original predecessor.
    const predecessor = event.prevHash === GENESIS_HASH ? -1 : indexByHash.get(event.prevHash);
    if (predecessor !== undefined && predecessor > index) {
      return at(
        'reordered',
        event,
        expected,
        `event ${event.eventId} was recorded after the event now at version ${predecessor + 1}; events were reordered`,
      );
    }
    if (original > expected || (predecessor === undefined && original !== expected)) {
      return at(
        'missing',
        event,
        expected,
        `event ${event.eventId} was recorded as version ${original}; the events before it were deleted and the later ones renumbered`,
      );
    }
    if (predecessor !== undefined && predecessor < index - 1) {
      const inserted = events[predecessor + 1];
      return at(
        'inserted',
        inserted,
        predecessor + 2,
        `event ${inserted.eventId} was inserted: event ${event.eventId} was recorded right after version ${predecessor + 1}`,
      );
    }
    if (original !== expected) {
      return at('reordered', event, expected, `event ${event.eventId} was recorded as version ${original}; events were reordered`);
    }
    // It links to nothing in the stream: its predecessor was rewritten with a recomputed hash.
    return at(
      'altered',
      previous,
      expected - 1,
      `event ${previous?.eventId ?? '?'} was altered and its hash recomputed: version ${expected} still links to ${short(event.prevHash)}`,
    );
  }

  const last = events.at(-1);
  const lastVersion = events.length;
  if (!head) {
    return last ? at('missing', undefined, 1, `the stream has ${events.length} events but its stream row is missing`) : undefined;
  }
  if (head.version > lastVersion) {
    return at(
      'missing',
      undefined,
      lastVersion + 1,
      `the stream row says version ${head.version}, but the events end at version ${lastVersion}; the tail of the stream is missing`,
    );
  }
  if (head.version < lastVersion) {
    const first = events[head.version];
    return at(
      'inserted',
      first,
      head.version + 1,
      `the stream row ends at version ${head.version}, but events up to version ${lastVersion} follow it; they were inserted behind the store's back`,
    );
  }
  if (last && head.lastHash !== last.hash) {
    return at(
      'altered',
      last,
      lastVersion,
      `event ${last.eventId} was altered and its hash recomputed: the stream row still holds ${short(head.lastHash)}`,
    );
  }
  return undefined;
}

/** The version under which the event's content hashes to its stored hash (its own, unless it was moved). */
function versionHashedUnder(event: RecordedEvent, highest: number): number | undefined {
  const hashesUnder = (version: number) => computeEventHash(event.prevHash, { ...envelopeOf(event), version }) === event.hash;
  if (hashesUnder(event.version)) return event.version;
  for (let version = 1; version <= highest; version++) if (version !== event.version && hashesUnder(version)) return version;
  return undefined;
}
