import type { DataSource } from 'typeorm';
import { EventStore } from '#event-store';
import { inlineProjections } from './read-models/index.js';

/** The event store with every inline read model attached: whoever appends (API or worker) keeps them consistent. */
export const createEventStore = (dataSource: DataSource) => new EventStore(dataSource, { projections: inlineProjections });
