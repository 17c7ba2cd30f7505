/**
 * Batch tensors: `padRows` against the plain BigInt loop, and the inputs of a whole batch
 * against what transformers.js's tokenizer builds for the same pairs with `padding: true`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Tensor } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../testkit/random';
import {
  CORPUS_WORDS,
  loadLocalTokenizer,
  mixedTexts,
  writeCorpusTokenizer,
} from '../../testkit/models/tokenizer-corpus';
import { lengthBatches, padRows, pairBatch } from './batching';
import { memoEncoder, type MemoTokenizer } from './chunk-memo';
import { encodePair, pairTemplate, type PairTokenizer } from './pairs';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-batching-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function reference(rows: number[][], length: number, pad: number): BigInt64Array {
  const out = new BigInt64Array(rows.length * length).fill(BigInt(pad));
  rows.forEach((row, r) => row.forEach((v, i) => (out[r * length + i] = BigInt(v))));
  return out;
}

describe('padRows', () => {
  it('writes the same int64s as a BigInt per value, padding included', () => {
    const random = mulberry32(5);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(random() * 40);
      const rows = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        Array.from({ length: Math.floor(random() * (length + 1)) }, () =>
          Math.floor(random() * 2 ** (1 + Math.floor(random() * 31))),
        ),
      );
      const pad = trial % 3 === 0 ? 0 : Math.floor(random() * 50_000);
      expect(padRows(rows, length, pad)).toEqual(reference(rows, length, pad));
    }
    // Values outside the fast path's range take the BigInt path and stay exact.
    const odd = [[-1, 2 ** 31, 2 ** 40], [7]];
    expect(padRows(odd, 4, -3)).toEqual(reference(odd, 4, -3));
  });
});

describe('pairBatch', () => {
  it("equals transformers.js's padded batch for the same pairs", async () => {
    writeCorpusTokenizer(root, 'tests/batch');
    const tokenizer = await loadLocalTokenizer(root, 'tests/batch');
    const pairTokenizer = tokenizer as unknown as PairTokenizer;
    const encode = memoEncoder(tokenizer as unknown as MemoTokenizer);
    const query = 'Heart health, exercise!';
    const template = pairTemplate(pairTokenizer, query);
    // Texts with at least one token: transformers.js drops an empty second text from the pair.
    const documents = mixedTexts(400, 9, CORPUS_WORDS).filter((d) => encode(d).length > 0);
    const pairs = documents.map((d) => encodePair(template, encode(query), encode(d), 100_000));
    const padId = tokenizer.pad_token_id;
    for (const batch of lengthBatches(
      pairs.map((p) => p.ids.length),
      16,
    )) {
      const ours = pairBatch(
        batch.indices.map((i) => pairs[i]!),
        batch.length,
        padId,
      );
      const native = tokenizer(
        batch.indices.map(() => query),
        {
          text_pair: batch.indices.map((i) => documents[i]!),
          padding: true,
          return_token_type_ids: true,
        },
      ) as Record<'input_ids' | 'attention_mask' | 'token_type_ids', Tensor>;
      expect(native.input_ids.dims).toEqual([batch.indices.length, batch.length]);
      expect(ours.input_ids).toEqual(native.input_ids.data);
      expect(ours.attention_mask).toEqual(native.attention_mask.data);
      expect(ours.token_type_ids).toEqual(native.token_type_ids.data);
    }
  });
});
