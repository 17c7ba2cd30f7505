/**
 * The local-model benchmark's inputs: the real BERT uncased tokenizer when the checkout sits
 * beside `shared/tokenizers/` (referenced by path, never copied into the repository), otherwise a
 * generated vocabulary; and deterministic documents of 20–256 tokens built from its whole-word
 * entries, so every word is one token and a document's length is known before tokenising.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../testkit/models/bert-graph';

const REAL_TOKENIZER = '../shared/tokenizers/cross-encoder__ms-marco-TinyBERT-L-2-v2';

export const QUERY = 'what are the health benefits of regular exercise';

export interface Vocabulary {
  /** `{ dir }` for the real tokenizer, `{ words }` for a generated one. */
  tokenizer: { dir: string } | { words: string[] };
  /** Whole words that are single tokens. */
  words: string[];
  source: string;
}

/** The real tokenizer (`RERANK_BENCH_TOKENIZER` or `../shared/tokenizers/...`), else a generated one. */
export function benchVocabulary(): Vocabulary {
  const dir = path.resolve(process.env.RERANK_BENCH_TOKENIZER ?? REAL_TOKENIZER);
  const file = path.join(dir, 'tokenizer.json');
  if (existsSync(file)) {
    const vocab = (
      JSON.parse(readFileSync(file, 'utf8')) as { model: { vocab: Record<string, number> } }
    ).model.vocab;
    const words = Object.keys(vocab).filter((token) => /^[a-z]{3,12}$/.test(token));
    return { tokenizer: { dir }, words, source: dir };
  }
  const random = mulberry32(42);
  const letters = 'etaoinshrdlucmfwypvbgkqjxz';
  const words = new Set<string>();
  while (words.size < 5000) {
    const length = 3 + Math.floor(random() * 8);
    words.add(Array.from({ length }, () => letters[Math.floor(random() ** 2 * 26)]).join(''));
  }
  const list = [...words];
  return { tokenizer: { words: list }, words: list, source: 'generated (5,000 words)' };
}

/**
 * `count` documents whose token counts are uniform in [minTokens, maxTokens]: words drawn
 * Zipf-like from the vocabulary (its order is roughly frequency order), a full stop (also one
 * token) every 8–20 words. Another `seed` gives other documents of the same make-up.
 */
export function benchDocuments(
  words: readonly string[],
  count: number,
  { seed = 7, minTokens = 20, maxTokens = 256 } = {},
): string[] {
  const random = mulberry32(seed);
  const pick = () => words[Math.floor(random() ** 3 * words.length)]!;
  const sentence = () => 8 + Math.floor(random() * 13);
  return Array.from({ length: count }, () => {
    const length = minTokens + Math.floor(random() * (maxTokens - minTokens + 1));
    const tokens: string[] = [];
    let untilStop = sentence();
    while (tokens.length < length) {
      if (untilStop-- > 0) tokens.push(pick());
      else {
        tokens.push('.');
        untilStop = sentence();
      }
    }
    return tokens.join(' ').replaceAll(' .', '.');
  });
}
