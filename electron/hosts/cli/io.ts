/** The CLI's view of the outside world, injected so tests run the real CLI in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: only then is progress drawn (./progress-bar.ts). */
  stderrIsTTY?: boolean;
  /** The terminal's width, when known, so the progress line never wraps. */
  stderrColumns?: number;
}

/** Exit codes: 0 success, 1 the work failed, 2 the input was wrong (usage or validation). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export class CliInputError extends Error {}
