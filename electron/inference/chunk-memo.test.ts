/**
 * Differential test of the chunk memo: on a generated corpus (ASCII, accents, combining marks,
 * CJK, Greek final sigma, controls, odd whitespace, surrogate pairs, added tokens written in
 * the text, very long words) and, where the checkout sits beside shared/, on real passages, the
 * memo's ids must equal transformers.js's for every text, with generated vocabularies under
 * several normaliser settings and the real TinyBERT vocabulary.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CORPUS_WORDS,
  loadLocalTokenizer,
  mixedTexts,
  writeCorpusTokenizer,
} from '../../testkit/models/tokenizer-corpus';
import { memoEncoder, memoizable, type MemoTokenizer } from './chunk-memo';

const SHARED = path.resolve('../shared');
const REAL_TOKENIZER = path.join(SHARED, 'tokenizers/cross-encoder__ms-marco-TinyBERT-L-2-v2');
const PASSAGES = path.join(SHARED, 'datasets/trec-dl-passage-bm25-top100/dl19.jsonl');

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-chunk-memo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function generatedTokenizer(name: string, normalizer: Record<string, unknown> = {}) {
  writeCorpusTokenizer(root, `tests/${name}`, normalizer);
  return loadLocalTokenizer(root, `tests/${name}`);
}

/** Every text's ids through the memo (twice: filling it, then reading it) against transformers.js. */
function expectSameIds(tokenizer: PreTrainedTokenizer, texts: readonly string[]) {
  const memo = memoEncoder(tokenizer as unknown as MemoTokenizer);
  const plain = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  for (const pass of [1, 2]) {
    const wrong = texts.filter(
      (text) => JSON.stringify(memo(text)) !== JSON.stringify(plain(text)),
    );
    expect({ pass, wrong: wrong.slice(0, 3), count: wrong.length }).toEqual({
      pass,
      wrong: [],
      count: 0,
    });
  }
}

describe('the chunk memo', () => {
  it('gives transformers.js ids on generated text, generated vocabulary (uncased BERT)', async () => {
    const tokenizer = await generatedTokenizer('uncased');
    expect(memoizable(tokenizer as unknown as MemoTokenizer)).toBe(true);
    expectSameIds(tokenizer, mixedTexts(3000, 1, CORPUS_WORDS));
  });

  it.each([
    ['cased', { lowercase: false }],
    ['accents-kept', { strip_accents: false }],
    ['cased-accents-stripped', { lowercase: false, strip_accents: true }],
    ['raw', { clean_text: false, handle_chinese_chars: false }],
  ])('gives transformers.js ids with normaliser settings %s', async (name, settings) => {
    const tokenizer = await generatedTokenizer(name, settings);
    expectSameIds(tokenizer, mixedTexts(1000, 2, CORPUS_WORDS));
  });

  it('gives transformers.js ids with the real TinyBERT vocabulary', async () => {
    if (!existsSync(REAL_TOKENIZER)) return; // shared/ sits beside the checkout here and in CI
    const tokenizer = await loadLocalTokenizer(
      path.dirname(REAL_TOKENIZER),
      path.basename(REAL_TOKENIZER),
    );
    const vocabulary = Object.keys(
      (
        JSON.parse(readFileSync(path.join(REAL_TOKENIZER, 'tokenizer.json'), 'utf8')) as {
          model: { vocab: Record<string, number> };
        }
      ).model.vocab,
    ).filter((token) => !token.startsWith('['));
    const texts = mixedTexts(2000, 3, vocabulary);
    if (existsSync(PASSAGES)) {
      const lines = readFileSync(PASSAGES, 'utf8').trim().split('\n');
      for (const line of lines) {
        const { query, candidates } = JSON.parse(line) as {
          query: string;
          candidates: { text: string }[];
        };
        texts.push(query, ...candidates.map((c) => c.text));
      }
    }
    expectSameIds(tokenizer, texts);
  });

  it('leaves tokenizers it cannot prove exact to transformers.js', async () => {
    const tokenizer = await generatedTokenizer('uncased');
    const json = (tokenizer as unknown as MemoTokenizer)._tokenizerJSON as Record<string, unknown>;
    const variant = (patch: Record<string, unknown>) =>
      memoizable({
        ...(tokenizer as unknown as MemoTokenizer),
        _tokenizerJSON: { ...json, ...patch },
      });
    expect(variant({ pre_tokenizer: { type: 'Metaspace' } })).toBe(false);
    expect(variant({ normalizer: { type: 'Precompiled' } })).toBe(false);
    expect(variant({ model: { type: 'BPE' } })).toBe(false);
    expect(variant({ model: { type: 'WordPiece', fuse_unk: true } })).toBe(false);
    expect(variant({ added_tokens: [{ content: 'new york' }] })).toBe(false);
  });
});
