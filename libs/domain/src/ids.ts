/**
 * Stream ids equal the ids of the workflows that own them (docs/ARCHITECTURE.md, "Streams and their writers": one writer
 * per stream), so an auditor can go from an event to its workflow and back.
 */
export const planStreamId = (planId: string) => `plan:${planId}`;
export const unitTaskStreamId = (planId: string, unitCode: string) => `plan:${planId}:unit:${unitCode}`;

/** Unit codes appear in ids and URLs: upper-case letters, digits, dot, dash and underscore. */
export const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/** An event's id: its stream and version. Writers derive it, so that a retried append is recognised and writes nothing. */
export const eventIdOf = (streamId: string, version: number) => `${streamId}/${version}`;
