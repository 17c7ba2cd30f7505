/**
 * The loopback Hugging Face Hub that `scripts/model-hub.mjs` starts (plain JavaScript, so the
 * web host's tests, the store tests and e2e can all load it): its handle, declared once here.
 */
export interface ModelHub {
  /** `http://127.0.0.1:<port>`: what the Hub URL field takes. */
  url: string;
  /** Every request it answered, with its Range header. */
  requests: { path: string; range?: string }[];
  /** The files served, by path in the repository. */
  files: Map<string, Uint8Array>;
  /** Bytes sent every 20 ms for the next files; undefined sends them at once. */
  setBytesPerTick(value: number | undefined): void;
  /** Whether a trickled file is part-way (so a cancel now leaves something to resume). */
  partWay(options?: { sent?: number; left?: number }): boolean;
  close(): Promise<void>;
}

/** What `startModelHub` takes: the model folder to serve under any id, and a trickle. */
export interface ModelHubOptions {
  repo: string;
  bytesPerTick?: number;
}
