/**
 * An XLM-RoBERTa cross-encoder (bge-reranker-base's signature: no token type ids,
 * `<s> A </s></s> B </s>`, `<pad>` = 1) scored through our path, against onnxruntime-node run
 * directly on the tokenizer's own pair encoding, one pair at a time and unpadded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyXlmRobertaCrossEncoder } from '../../testkit/models/tiny-xlm-roberta';
import { loadCrossEncoder, scorePairs, type LoadedCrossEncoder } from './cross-encoder';
import { pairTemplate, type PairTokenizer } from './pairs';
import { ROBERTA_PAIR_TEMPLATE } from '../../testkit/models/tiny-parts';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-xlmr-'));
const QUERY = 'heart health';
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta',
  'stock market news of the city and the stock market',
  'good sleep',
  'blood pressure',
];
let encoder: LoadedCrossEncoder;
let session: ort.InferenceSession;

beforeAll(async () => {
  const dir = writeTinyXlmRobertaCrossEncoder(path.join(root, 'tests', 'xlmr'));
  encoder = await loadCrossEncoder({ root, id: 'tests/xlmr', dtype: 'fp32', threads: 1 });
  session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an XLM-RoBERTa cross-encoder', () => {
  it('takes no token type ids, and pairs as <s> A </s></s> B </s> with <pad> = 1', () => {
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(session.outputNames).toEqual(['logits']);
    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const template = pairTemplate(tokenizer, QUERY);
    expect(template).toEqual(ROBERTA_PAIR_TEMPLATE);
    expect(encoder.padId).toBe(1);
  });

  it('scores as the model does on each pair alone, batched and padded', async () => {
    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const ours = await scorePairs(encoder, QUERY, DOCS, { maxLength: 64, batchSize: 3 });
    expect(ours.computedTokens).toBeGreaterThan(ours.realTokens);
    for (const [i, document] of DOCS.entries()) {
      const { input_ids: ids } = tokenizer._encode_plus(QUERY, {
        text_pair: document,
        add_special_tokens: true,
        return_token_type_ids: false,
      });
      const dims = [1, ids.length];
      const { logits } = await session.run({
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), dims),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
      });
      expect(ours.logits[i]).toBeCloseTo((logits!.data as Float32Array)[0]!, 5);
    }
  });
});
