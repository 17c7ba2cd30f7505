/**
 * Quoting what a user's file holds in an error message, boundedly. A message may be shown,
 * logged and saved; the file may be anything the user chose, so a message quotes at most a
 * short excerpt of one field or line (issue 18: a CSV header error once returned a whole first
 * line, which for `/proc/self/environ` was the process's environment, keys included).
 */

/** The longest excerpt a message quotes, in characters. */
export const MAX_EXCERPT = 40;

/**
 * `value` for a message, at most {@link MAX_EXCERPT} characters of it: a string as a JSON
 * string literal (`"query_i…"`, cut with `…` inside the quotes, control characters escaped),
 * anything else as its JSON text, cut the same way.
 */
export function quote(value: unknown, max = MAX_EXCERPT): string {
  const cut = (text: string) => {
    const chars = [...text];
    return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  };
  if (typeof value === 'string') return JSON.stringify(cut(value));
  return cut(JSON.stringify(value) ?? String(value));
}

/**
 * `text` with every JSON-quoted string in it (as libraries quote the value they stopped at,
 * e.g. csv-parse's `value is "…"`) cut to an excerpt by {@link quote}.
 */
export function boundQuotes(text: string, max = MAX_EXCERPT): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    try {
      return quote(JSON.parse(quoted) as string, max);
    } catch {
      return quote(quoted.slice(1, -1), max);
    }
  });
}
