// Placeholder until the event store lands.
export const eventStoreMigrations: Function[] = [];
