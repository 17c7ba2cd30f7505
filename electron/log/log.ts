/**
 * Bug logging for the Node hosts. Goes to stderr (the CLI keeps stdout for its JSON). Request
 * bodies are never logged: they hold user documents. Every line is redacted: credential-shaped
 * values, and the values of keys this process has used or stored.
 *
 * The last problems are also kept in a small ring buffer, already redacted, for the
 * diagnostics a user exports with a bug report.
 */
import type { RecentProblem } from '../../shared/contract';
import { redactLogText } from '../secrets/log-redaction';

/** How many problems the diagnostics keep, and how much of each (a stack can be long). */
export const RECENT_PROBLEMS = 50;
const MAX_PROBLEM_CHARS = 2_000;

const recent: RecentProblem[] = [];

function remember(kind: RecentProblem['kind'], where: string, message: string): void {
  const text =
    message.length > MAX_PROBLEM_CHARS ? `${message.slice(0, MAX_PROBLEM_CHARS)}…` : message;
  recent.push({ at: Date.now(), kind, where, message: text });
  if (recent.length > RECENT_PROBLEMS) recent.splice(0, recent.length - RECENT_PROBLEMS);
}

export function logBug(where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const line = redactLogText(`[rerank-studio] unexpected error in ${where}: ${detail}\n`);
  remember('bug', where, redactLogText(detail));
  process.stderr.write(line);
}

/** A problem the user can act on (not a bug): one redacted line on stderr. */
export function logProblem(where: string, message: string): void {
  remember('problem', where, redactLogText(message));
  process.stderr.write(redactLogText(`[rerank-studio] ${where}: ${message}\n`));
}

/**
 * The recent problems, oldest first, redacted again now: a key noted after a problem was
 * logged (set in the Keys panel later) is masked in it too.
 */
export function recentProblems(): RecentProblem[] {
  return recent.map((problem) => ({ ...problem, message: redactLogText(problem.message) }));
}
