/**
 * Bug logging for the Node hosts. Goes to stderr (the CLI keeps stdout for its JSON). Request
 * bodies are never logged: they hold user documents, and later provider keys pass nearby.
 */
export function logBug(where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[rerank-studio] unexpected error in ${where}: ${detail}\n`);
}
