/**
 * Turns what a person types into the history search box into an FTS5 query that cannot be a
 * syntax error. FTS5 gives meaning to `"`, `*`, `:`, `^`, `(`, `-`, `+` and the words AND, OR,
 * NOT and NEAR; a user searching for `"AND" c++ OR*` means the words, not the operators. So
 * every word becomes a quoted string (inner quotes doubled), which FTS5 reads as literal text,
 * and the strings are ANDed. A "double-quoted stretch" stays one phrase, and the last word,
 * while still being typed, matches as a prefix once it has two letters or digits (`rera`
 * finds "reranker").
 */

/** Returns undefined when the text holds nothing searchable (empty, or punctuation only). */
export function ftsQuery(text: string): string | undefined {
  const parts: string[] = [];
  const pattern = /"([^"]*)"?|([^\s"]+)/g;
  let last: { phrase: string; bare: boolean } | undefined;
  for (const match of text.matchAll(pattern)) {
    const phrase = match[1] ?? match[2] ?? '';
    // A part with no letter or digit has no token for unicode61 to match: an empty phrase.
    if (!/[\p{L}\p{N}]/u.test(phrase)) continue;
    last = { phrase, bare: match[2] !== undefined };
    parts.push(quote(phrase));
  }
  if (!last) return undefined;
  // A single letter as a prefix would match nearly every run, and the history keeps prefix
  // indexes from two characters (migrations.ts, v3): one letter is matched as a word.
  const typingLastWord =
    last.bare && !/\s$/.test(text) && (last.phrase.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2;
  if (typingLastWord) parts[parts.length - 1] += '*';
  return parts.join(' ');
}

function quote(phrase: string): string {
  return `"${phrase.replaceAll('"', '""')}"`;
}
