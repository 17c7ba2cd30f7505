/**
 * Inputs for differential tests of tokenising: a generated BERT WordPiece tokenizer folder
 * (with any normaliser settings) and a seeded corpus of texts that mixes every kind of
 * character BERT's normaliser and pre-tokenizer treat their own way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { mulberry32 } from '../random';
import { bertTokenizer, SPECIAL_TOKENS } from './tiny-cross-encoder';

/** Words of the generated vocabulary, lower-case and cased (Greek, German, Turkish). */
export const CORPUS_WORDS = [
  ...['heart', 'health', 'exercise', 'run', 'running', 'the', 'a', 'of', 'cafe', 'naive'],
  ...['Heart', 'Health', 'CAFE', 'Σοφία', 'σοφία', 'Straße', 'İstanbul'],
];
const EXTRA_TOKENS = ['##s', '##ing', '##ed', '##e', 'h', '##a', '##r', '##t', '1', '##2'];
const SYMBOLS = ['.', ',', '!', '?', '(', ')', '"', "'", '-', '$', '[', ']', '“', '…', '中', '文'];

/** Writes `<root>/<id>/` with a BERT WordPiece tokenizer over {@link CORPUS_WORDS}. */
export function writeCorpusTokenizer(
  root: string,
  id: string,
  normalizer: Record<string, unknown> = {},
): void {
  const vocabulary = [
    ...new Set([...SPECIAL_TOKENS, ...CORPUS_WORDS, ...EXTRA_TOKENS, ...SYMBOLS]),
  ];
  const json = bertTokenizer(vocabulary, true);
  Object.assign(json.normalizer, normalizer);
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      model_max_length: 512,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      mask_token: '[MASK]',
    }),
  );
}

/** A tokenizer folder `<root>/<id>/` loaded by transformers.js, never from the network. */
export function loadLocalTokenizer(root: string, id: string): Promise<PreTrainedTokenizer> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}${path.sep}`;
  return AutoTokenizer.from_pretrained(id);
}

/**
 * `count` texts of 0–40 pieces drawn from `words` and from ASCII, accents, combining marks
 * (also opening a word), Greek capital sigma in final and non-final places, CJK, other scripts,
 * C0/C1 controls, odd whitespace, emoji and lone surrogates, zero-width and soft-hyphen
 * characters, added tokens written in the text, numbers, and words either side of WordPiece's
 * 100-character limit, joined mostly by spaces, sometimes by tabs and line breaks.
 */
export function mixedTexts(count: number, seed: number, words: readonly string[]): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const char = (from: number, to: number) =>
    String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
  const recase = (word: string) =>
    [...word].map((c) => (random() < 0.2 ? c.toUpperCase() : c)).join('');
  const pieces: (() => string)[] = [
    () => recase(pick(words)),
    () => pick(words) + pick(['.', ',', '!', "'s", ')', '...', '-']),
    () => pick(['(', '"', '“', '[']) + pick(words),
    () => char(0x21, 0x7e).repeat(1 + Math.floor(random() * 3)),
    () => char(0x00, 0x1f) + char(0x7f, 0x9f),
    () => pick([' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u3000', '\u2028']),
    () => pick(['é', 'È', 'ñ', 'ü', 'Å', 'ø', 'ﬁ', 'ß', 'İ', 'ı', 'ǅ']) + recase(pick(words)),
    () => pick(words) + pick(['\u0301', '\u0308', '\u0327\u0301']) + pick(['', 'x', ' ']),
    () => pick(['\u0301', '\u0308']) + pick(words),
    () => pick(['ΣΟΦΙΑΣ', 'Σ', 'ΑΣ.', 'όΣ', 'Σ\u0301a', 'aΣ\u00ad']),
    () => char(0x4e00, 0x9fff).repeat(1 + Math.floor(random() * 4)) + pick(['', '文', 'a']),
    () => pick(['日本語', 'カタカナ', '한국어', 'ไทย', 'العربية', 'हिन्दी', 'Ｆｕｌｌ']),
    () => pick(['😀', '👍🏽', '𝔘𝔫𝔦', '\ud83d', '\ufffd', '\u200b', '\u200d', '\u00ad', '\ufeff']),
    () => pick(['[SEP]', '[CLS]', '[sep]', 'x[MASK]y', '[UNK]', '[PAD].', '[ SEP ]', '[Sep]']),
    () => pick(['123', '3.14', '1,000', '$5', '10%', 'e-mail', "don't", 'a/b', 'x_y', '#1']),
    // Rare: WordPiece's search is quadratic in a word's length.
    () =>
      random() < 0.8
        ? pick(words)
        : random() < 0.5
          ? 'a'.repeat(95 + Math.floor(random() * 10))
          : recase(pick(words)).repeat(10 + Math.floor(random() * 20)),
  ];
  return Array.from({ length: count }, () => {
    const parts: string[] = [];
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) {
      parts.push(pick(pieces)());
      if (random() < 0.7) parts.push(random() < 0.9 ? ' ' : pick(['\t', '\n', '  ', ' \r ']));
    }
    return parts.join('');
  });
}
