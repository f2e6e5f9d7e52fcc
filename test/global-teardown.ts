interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as unknown as Record<string, Stoppable | undefined>;
  await globals.__temporal?.stop();
  await globals.__postgres?.stop();
}
