import type { z } from 'zod';

/**
 * One zod issue as one line a person can act on. Our own custom messages already name what is
 * wrong (the Bifrost messages must stay word for word), so only zod's generic ones get the path.
 */
export function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || issue.path.length === 0) return issue.message;
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** `["columns", 0, "config"]` → `columns[0].config`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
