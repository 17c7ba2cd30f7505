/**
 * Which documents of two runs are the same document, so their rankings can be compared.
 * Within one run a document is its index; across runs it is matched by id where both runs
 * give ids, otherwise by exact text (repeated texts pair up in order). Documents of the
 * second run that match nothing in the first keep keys of their own.
 */

export interface AlignableDocument {
  text: string;
  id?: string | number;
}

export interface AlignedRuns {
  /** A key per document of each run, by index: equal keys mean the same document. */
  keys: string[][];
  /** Documents of the second run matched to one of the first. */
  matched: number;
}

export function alignDocuments(
  first: readonly AlignableDocument[],
  second?: readonly AlignableDocument[],
): AlignedRuns {
  const firstKeys = first.map((_, i) => `0:${i}`);
  if (!second) return { keys: [firstKeys], matched: 0 };
  const byId = first.every((d) => d.id !== undefined) && second.every((d) => d.id !== undefined);
  const identity = (document: AlignableDocument) =>
    byId ? `id\u0000${String(document.id)}` : `text\u0000${document.text}`;
  // Each identity's unmatched indices in the first run, in order.
  const waiting = new Map<string, number[]>();
  first.forEach((document, i) => {
    const queue = waiting.get(identity(document));
    if (queue) queue.push(i);
    else waiting.set(identity(document), [i]);
  });
  let matched = 0;
  const secondKeys = second.map((document, j) => {
    const index = waiting.get(identity(document))?.shift();
    if (index === undefined) return `1:${j}`;
    matched += 1;
    return firstKeys[index]!;
  });
  return { keys: [firstKeys, secondKeys], matched };
}
