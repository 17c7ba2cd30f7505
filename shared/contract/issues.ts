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

/**
 * Nested checks prefix their messages with the path they know (`params.k1: …` inside a
 * fallback, `params.members[0]: name: …`); the full path goes in front once instead.
 */
export function withoutPathPrefixes(message: string, path: string): string {
  let text = message;
  for (;;) {
    const match = /^([\w.[\]-]+): /.exec(text);
    if (!match || !path.includes(match[1]!)) return text;
    text = text.slice(match[0].length);
  }
}
