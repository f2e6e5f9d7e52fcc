import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  setHandler,
  type SignalDefinition,
  type Workflow,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  isEventOf,
  type Checks,
  type Command,
  type CommandData,
  type Decided,
  type Decider,
  type DomainEvent,
  type EventTypes,
} from '#domain';
import type { Actor } from './messages.js';
import { decideOrReject, refuse, requireText } from './rejection.js';
import { StreamHalted, StreamWriter } from './stream-writer.js';

/** The stream a workflow owns, and the decider whose events it holds. */
export interface OwnedStream<S, C extends Command, E extends DomainEvent> {
  decider: Decider<S, C, E>;
  eventTypes: EventTypes<E>;
  streamId: string;
  streamType: string;
  /** The plan id: lets an auditor read a plan's whole history across streams. */
  correlationId: string;
}

/** A person's action on the stream, as an update: the command it asks for, who may ask, and what follows once recorded. */
export interface Action<C extends Command, E extends DomainEvent, I extends { actor: Actor }> {
  /** Built from the update's input alone, so that the validator judges exactly what the handler then decides. */
  command: (input: I) => CommandData<C>;
  /** A refusal beyond the decider's (e.g. a unit deciding on its own submission), as a domain-free check of the actor. */
  authorize?: (actor: Actor) => void;
  /** What the workflow does once the events are stored, e.g. tell the workflows that depend on them. */
  then?: (events: E[], input: I) => Promise<void>;
}

/**
 * The scaffold of a workflow that is the only writer of one event stream (docs/ARCHITECTURE.md, "Streams and their
 * writers"): it folds the stream into the decider's state, registers each update as a command with its validator,
 * decides and evolves synchronously (a concurrent update's validator already sees the new state), appends in the order
 * it decided, and drains before the workflow ends or continues as new. A workflow then reads as its messages → commands.
 *
 * Product bounds (limits.ts) judge new commands only, in the update validators ('new-input' checks); the handlers decide
 * with 'recorded' checks. Validators do not run on replay, so an action accepted before a bound existed replays exactly
 * as recorded, and a new one cannot reach its handler without passing its validator. Chosen over patched(): no marker in
 * every history, and no branch to deprecate when the bounds next change.
 */
export class DeciderWorkflow<S, C extends Command, E extends DomainEvent> {
  private current: S;
  private readonly writer: StreamWriter;
  private readyForSignals = false;
  /** Counts the commands applied, so that a sleeping workflow can wake when something changed. */
  private applied = 0;

  constructor(private readonly stream: OwnedStream<S, C, E>) {
    this.current = stream.decider.initialState();
    this.writer = new StreamWriter(stream.streamId, stream.streamType, stream.correlationId);
  }

  get state(): S {
    return this.current;
  }

  get changes(): number {
    return this.applied;
  }

  /** Reads what the stream already holds (nothing on a first run) and folds it; an event this code does not know halts the workflow. */
  async load(): Promise<void> {
    const events = await this.writer.load();
    for (const event of events) {
      if (!isEventOf(this.stream.eventTypes, event))
        throw new StreamHalted(
          `${this.stream.streamId} holds an event of unknown type ${event.type}; this worker is older than the stream`,
        );
      this.current = this.stream.decider.evolve(this.current, event);
    }
  }

  /** Signals wait for this: the stream is loaded and the workflow's first command applied. */
  ready(): void {
    this.readyForSignals = true;
  }

  whenReady(): Promise<void> {
    return condition(() => this.readyForSignals);
  }

  /**
   * Decides as a handler does ('recorded' checks), folds the events at once and appends them; resolves once stored.
   * `at` is the instant the command was asked for, when it waited (a signal waits for the stream to be ready).
   */
  async apply(command: CommandData<C>, actor: string, at = Date.now()): Promise<E[]> {
    const events = decideOrReject(() => this.stream.decider.decide(this.withMetadata(command, actor, 'recorded', at), this.current));
    await this.record(events, actor);
    return events;
  }

  /** Folds and appends events decided outside `decide` (the timers' decideDue); resolves once stored. */
  record(events: E[], actor: string): Promise<unknown> {
    this.current = events.reduce(this.stream.decider.evolve, this.current);
    this.applied++;
    return this.writer.append(events, actor);
  }

  /** An update's validator: a well-formed actor, not an auditor, allowed by `authorize`, and a command the decider accepts now. */
  validate(actor: Actor, command: () => CommandData<C>, authorize?: (actor: Actor) => void): void {
    requireText(actor?.id, 'actor.id');
    if (actor.role === 'auditor') refuse('READ_ONLY', 'An auditor can read everything and change nothing');
    authorize?.(actor);
    decideOrReject(() => this.stream.decider.decide(this.withMetadata(command(), actor.id, 'new-input', Date.now()), this.current));
  }

  /** Registers a person's action: validator and handler from one table entry. */
  onUpdate<I extends { actor: Actor }>(update: UpdateDefinition<S, [I]>, action: Action<C, E, I>): void {
    setHandler(
      update,
      async (input: I) => {
        const events = await this.apply(action.command(input), input.actor.id);
        await action.then?.(events, input);
        return this.current;
      },
      { validator: (input: I) => this.validate(input.actor, () => action.command(input), action.authorize) },
    );
  }

  /**
   * Applies a command that another workflow sent by signal, once the stream is ready. Nobody waits for an answer, so a
   * refusal is logged rather than failing this workflow.
   */
  private async applySignalled(command: CommandData<C>, actor: string): Promise<E[]> {
    const at = Date.now(); // the signal's arrival, which its events record, though it may wait for the stream
    await this.whenReady();
    try {
      return await this.apply(command, actor, at);
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      log.warn('Signal refused', { command: command.type, reason: error.message });
      return [];
    }
  }

  /** Registers a signal from another workflow as the command it asks for; `then` follows whether or not it was refused. */
  onSignal<A>(
    signal: SignalDefinition<[A]>,
    command: (args: A) => { command: CommandData<C>; actor: string },
    then?: (args: A) => Promise<void>,
  ): void {
    setHandler(signal, async (args: A) => {
      const asked = command(args);
      await this.applySignalled(asked.command, asked.actor);
      await then?.(args);
    });
  }

  /** Resolves when every handler has finished and every append is stored: before the workflow completes. */
  async finished(): Promise<void> {
    await condition(allHandlersFinished);
    await this.writer.drained();
  }

  /** Continues as new once every handler has finished and every append is stored, so that nothing decided is lost. */
  async continueAsNew<F extends Workflow>(...args: Parameters<F>): Promise<never> {
    await this.finished();
    return continueAsNew<F>(...args);
  }

  /** Workflow time is deterministic: Date.now() is the workflow task's start, the same on replay. */
  private withMetadata(command: CommandData<C>, actor: string, checks: Checks, at: number): Decided<C> {
    return { ...command, metadata: { now: new Date(at).toISOString(), actor, checks } };
  }
}
