/** Stops what the global setup started (globalThis.testServers: see global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.testServers?.stop();
}
