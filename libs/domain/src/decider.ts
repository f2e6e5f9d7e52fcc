import type { Checks } from './limits.js';

/**
 * The shape every aggregate takes, as in Emmett: `decide` turns a command and the current state into events (or
 * refuses with a DomainError), `evolve` folds one event into the state, `initialState` is the state of an empty
 * stream. The same `evolve` serves the workflow that writes the stream, the read models and the auditor's as-of.
 */
export interface Decider<State, C extends Command, E extends DomainEvent> {
  decide: (command: Decided<C>, state: State) => E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * What every command carries besides its data: when it is decided (events are dated from it, never from a clock
 * read inside `decide`), who acts, and which checks apply (see Checks: a workflow handler replays what its update
 * validator already judged).
 */
export interface CommandMetadata {
  /** ISO 8601 instant. */
  now: string;
  /** A user id, or 'system:<component>'. */
  actor: string;
  checks?: Checks;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** A command before it is decided: the caller adds the metadata (workflows do it in one place, their scaffold). */
export type CommandData<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** A command with its metadata: what `decide` takes (the same type as C, written so that a generic caller can build it). */
export type Decided<C extends Command> = CommandData<C> & { readonly metadata: CommandMetadata };

/**
 * The type names of an event union, each once: a Record, so that the compiler reports a name missing from the union's
 * list or not in the union. Readers of the store use it to take only the events they know (`isEventOf`).
 */
export type EventTypes<E extends DomainEvent> = Record<E['type'], true>;

/** Narrows an event read from the store to the union whose type names are given. */
export const isEventOf = <E extends DomainEvent>(types: EventTypes<E>, event: DomainEvent): event is E => Object.hasOwn(types, event.type);
