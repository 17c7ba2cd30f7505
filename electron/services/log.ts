/**
 * Bug logging for the Node hosts. Goes to stderr (the CLI keeps stdout for its JSON). Request
 * bodies are never logged: they hold user documents. Every line is redacted: credential-shaped
 * values, and the values of keys this process has used or stored.
 */
import { redactLogText } from '../secrets/log-redaction';

export function logBug(where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(redactLogText(`[rerank-studio] unexpected error in ${where}: ${detail}\n`));
}

/** A problem the user can act on (not a bug): one redacted line on stderr. */
export function logProblem(where: string, message: string): void {
  process.stderr.write(redactLogText(`[rerank-studio] ${where}: ${message}\n`));
}
