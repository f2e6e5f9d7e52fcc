/** How the API and the worker reach Temporal: a dev server on loopback, or a real cluster with TLS and an API key. */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  tls: boolean;
  apiKey?: string;
}

export const connectionOptions = ({ address, tls, apiKey }: TemporalConnectionSettings) => ({
  address,
  // An API key travels only over TLS.
  tls: tls || apiKey !== undefined,
  apiKey,
});
