/**
 * A JinaBERT cross-encoder (jina-reranker-v1-tiny-en's layout: `model_type: bert` with ALiBi
 * inside the graph, RoBERTa's byte-level BPE and `<s> A </s></s> B </s>`, 8,192 tokens) scored
 * through our path against onnxruntime-node run directly on the tokenizer's own pair encoding.
 * Its graph's inputs are not confirmed, so both candidate signatures are tried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_JINA, writeTinyJinaBertCrossEncoder } from '../../testkit/models/tiny-jina-bert';
import { loadCrossEncoder, scorePairs } from './cross-encoder';
import { pairTemplate, type PairTokenizer } from './pairs';
import { ROBERTA_PAIR_TEMPLATE } from '../../testkit/models/tiny-parts';

const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-jina-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const QUERY = 'heart health';
// About 900 tokens: past BERT's 512, inside ALiBi's 8,192.
const LONG = `${'regular exercise improves heart health and good sleep of the city '.repeat(90)}study`;
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta at home',
  LONG,
  'good sleep',
];

describe.each([false, true])('a JinaBERT cross-encoder (token type ids: %s)', (tokenTypes) => {
  const id = `tests/jina-${tokenTypes ? 'types' : 'plain'}`;
  const load = async () => {
    const dir = writeTinyJinaBertCrossEncoder(path.join(root, ...id.split('/')), {
      tokenTypes,
      quantized: { weightType: 'int8', reduceRange: true },
    });
    const encoder = await loadCrossEncoder({ root, id, dtype: 'fp32', threads: 1 });
    const session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'));
    const direct = async (document: string, on = session) => {
      const { input_ids: ids } = (encoder.tokenizer as unknown as PairTokenizer)._encode_plus(
        QUERY,
        { text_pair: document, add_special_tokens: true, return_token_type_ids: false },
      );
      const tensor = (values: number[]) =>
        new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
      const { logits } = await on.run({
        input_ids: tensor(ids),
        attention_mask: tensor(ids.map(() => 1)),
        ...(tokenTypes ? { token_type_ids: tensor(ids.map(() => 0)) } : {}),
      });
      return { logit: (logits!.data as Float32Array)[0]!, tokens: ids.length };
    };
    return { dir, encoder, session, direct };
  };

  it('loads as BERT, reads 8,192 tokens and pairs as <s> A </s></s> B </s>', async () => {
    const { encoder, session } = await load();
    expect(session.inputNames).toEqual(
      tokenTypes
        ? ['input_ids', 'attention_mask', 'token_type_ids']
        : ['input_ids', 'attention_mask'],
    );
    expect(encoder.model.constructor.name).toBe('BertForSequenceClassification');
    expect(encoder.maxLength).toBe(TINY_JINA.maxLength);
    const template = pairTemplate(encoder.tokenizer as unknown as PairTokenizer, QUERY);
    expect(template).toEqual(ROBERTA_PAIR_TEMPLATE);
    expect(encoder.padId).toBe(1);
  });

  it('scores long pairs whole, batched and padded, as the model does on each alone', async () => {
    const { encoder, direct } = await load();
    const ours = await scorePairs(encoder, QUERY, DOCS, { maxLength: 8192, batchSize: 2 });
    expect(ours.truncated).toEqual([]);
    const expected = await Promise.all(DOCS.map((document) => direct(document)));
    expect(expected[2]!.tokens).toBeGreaterThan(800);
    for (const [i, { logit }] of expected.entries()) expect(ours.logits[i]).toBeCloseTo(logit, 4);
    // ALiBi is the only position signal: order still matters.
    expect((await direct('health heart')).logit).not.toBeCloseTo(
      (await direct('heart health')).logit,
      3,
    );
  });

  it('q8 (MatMulInteger, 7-bit per-channel weights) scores a long pair as ONNX Runtime runs it', async () => {
    const { dir, direct } = await load();
    const q8 = await loadCrossEncoder({ root, id, dtype: 'q8', threads: 1 });
    const quantized = await ort.InferenceSession.create(
      path.join(dir, 'onnx', 'model_quantized.onnx'),
    );
    const ours = await scorePairs(q8, QUERY, DOCS, { maxLength: 8192, batchSize: 1 });
    for (const [i, document] of DOCS.entries()) {
      expect(ours.logits[i]).toBeCloseTo((await direct(document, quantized)).logit, 4);
    }
  });
});
