/** The CLI's view of the outside world, injected so tests run the real CLI in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 success, 1 the work failed, 2 the input was wrong (usage or validation). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export class CliInputError extends Error {}
