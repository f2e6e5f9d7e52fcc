// The cascade benchmark's baseline: a workflow that does nothing, bundled from this file alone.

/** Starts and completes: what starting a workflow costs on the server, with no work of ours. */
export async function emptyWorkflow(): Promise<void> {
  // Nothing: the baseline is the start and the completion alone.
}
