/**
 * Failures a user can cause travel as data, not exceptions (STYLE.md §3). Exceptions are bugs.
 */

/** Machine-readable error codes shared by every host and the renderer. */
export type ErrorCode =
  | 'invalid_request'
  | 'unknown_operation'
  | 'not_found'
  | 'conflict'
  | 'cancelled'
  | 'unsupported'
  /** The estimated cost is over the budget the caller set: nothing was spent; confirm to go on. */
  | 'over_budget'
  /** A provider or server we called failed (after retries). */
  | 'upstream'
  | 'internal';

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Where in the request the problem is, e.g. `["documents", 3]`. */
  path?: (string | number)[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, path?: (string | number)[]): Result<never> {
  return { ok: false, error: path ? { code, message, path } : { code, message } };
}
