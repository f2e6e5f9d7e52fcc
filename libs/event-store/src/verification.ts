import { computeEventHash, envelopeOf, GENESIS_HASH } from './hashing.js';
import type { ChainBreak, RecordedEvent, StreamVerification } from './types.js';

export interface StreamHead {
  version: number;
  lastHash: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Checks one stream's hash chain, fed in version order, without holding the stream in memory.
 * It keeps checking after a break so the event count is complete, but reports only the first break:
 * later links usually fail as a consequence of it.
 */
export class ChainVerifier {
  private nextVersion = 1;
  private previousHash = GENESIS_HASH;
  private checked = 0;
  private firstBreak?: ChainBreak;

  constructor(readonly streamId: string) {}

  check(event: RecordedEvent): void {
    this.checked++;
    if (event.version !== this.nextVersion) {
      this.report({
        version: this.nextVersion,
        eventId: event.eventId,
        kind: 'version-gap',
        message: `Stream "${this.streamId}": expected version ${this.nextVersion} but found version ${event.version} (event ${event.eventId}); events are missing`,
      });
    }
    if (event.prevHash !== this.previousHash) {
      this.report({
        version: event.version,
        eventId: event.eventId,
        kind: 'prev-hash-mismatch',
        message: `Stream "${this.streamId}" version ${event.version} (event ${event.eventId}): prev_hash ${short(event.prevHash)} is not the hash of the previous event (${short(this.previousHash)})`,
      });
    }
    const recomputed = computeEventHash(event.prevHash, envelopeOf(event));
    if (recomputed !== event.hash) {
      this.report({
        version: event.version,
        eventId: event.eventId,
        kind: 'hash-mismatch',
        message: `Stream "${this.streamId}" version ${event.version} (event ${event.eventId}): stored hash ${short(event.hash)} but the content hashes to ${short(recomputed)}; the event was altered`,
      });
    }
    this.nextVersion = event.version + 1;
    this.previousHash = event.hash;
  }

  /** `head` is the stream row; undefined when it does not exist. */
  finish(head: StreamHead | undefined): StreamVerification {
    const lastVersion = this.nextVersion - 1;
    if (head === undefined && this.checked > 0) {
      this.report({
        version: 1,
        kind: 'stream-head-mismatch',
        message: `Stream "${this.streamId}" has ${this.checked} events but no stream row`,
      });
    } else if (head !== undefined && (head.version !== lastVersion || head.lastHash !== this.previousHash)) {
      this.report({
        version: head.version === lastVersion ? lastVersion : Math.min(head.version, lastVersion) + 1,
        kind: 'stream-head-mismatch',
        message:
          `Stream "${this.streamId}": the stream row says version ${head.version} with hash ${short(head.lastHash)}, ` +
          `but the events end at version ${lastVersion} with hash ${short(this.previousHash)}` +
          (head.version > lastVersion ? '; the tail of the stream is missing' : ''),
      });
    }
    const result: StreamVerification = { streamId: this.streamId, ok: this.firstBreak === undefined, eventsChecked: this.checked };
    if (this.firstBreak) result.firstBreak = this.firstBreak;
    return result;
  }

  private report(chainBreak: ChainBreak): void {
    this.firstBreak ??= chainBreak;
  }
}
