/**
 * A DeBERTa-v2 cross-encoder with mxbai-rerank-xsmall-v1's signature (no token type ids in the
 * graph, though its tokenizer makes them; `[CLS] A [SEP] B [SEP]`, `[PAD]` = 0), scored through
 * the inference worker (transformers.js on onnxruntime-node) and in process, against
 * onnxruntime-node run directly on the tokenizer's own pair encoding, one pair at a time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyDebertaV2CrossEncoder } from '../../testkit/models/tiny-deberta-v2';
import { createLocalInference, workerThread } from './client';
import { loadCrossEncoder, scorePairs, type LoadedCrossEncoder } from './cross-encoder';
import { pairTemplate, type PairTokenizer } from './pairs';
import { q8WeightsOf } from '../models/store';

const workerFile = path.resolve('out/node/inference-worker.mjs');
const root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-deberta-'));
const ID = 'tests/deberta';
const QUERY = 'Heart health';
const DOCS = [
  'regular exercise improves heart health',
  'cooking pasta at home',
  'stock market news of the city and the stock market',
  'good sleep',
  'blood   pressure',
];
let encoder: LoadedCrossEncoder;
let session: ort.InferenceSession;

const int64 = (values: number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** The model's logit for each pair, fed as one unpadded row of the tokenizer's own encoding. */
async function direct(document: string, on: ort.InferenceSession = session): Promise<number> {
  const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
  const { input_ids: ids } = tokenizer._encode_plus(QUERY, {
    text_pair: document,
    add_special_tokens: true,
    return_token_type_ids: false,
  });
  const { logits } = await on.run({
    input_ids: int64(ids),
    attention_mask: int64(ids.map(() => 1)),
  });
  return (logits!.data as Float32Array)[0]!;
}

beforeAll(async () => {
  if (!existsSync(workerFile))
    throw new Error(`${workerFile} is missing: run \`npm run build\` first`);
  // The q8 file as transformers.js's converter makes these: QInt8, per channel, 7-bit.
  const dir = writeTinyDebertaV2CrossEncoder(path.join(root, ...ID.split('/')), {
    quantized: { weightType: 'int8', reduceRange: true },
  });
  encoder = await loadCrossEncoder({ root, id: ID, dtype: 'fp32', threads: 1 });
  session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a DeBERTa-v2 cross-encoder', () => {
  it('declares no token type ids; onnxruntime-node ignores them if fed, not a missing input', async () => {
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(session.outputNames).toEqual(['logits']);
    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    const pair = tokenizer._encode_plus(QUERY, {
      text_pair: DOCS[0]!,
      add_special_tokens: true,
      return_token_type_ids: true,
    });
    // The tokenizer does make them (DebertaV2Tokenizer returns token type ids)…
    expect(pair.token_type_ids).toContain(1);
    const ids = int64(pair.input_ids);
    const mask = int64(pair.input_ids.map(() => 1));
    // …onnxruntime-node 1.30 drops a feed the graph does not declare (onnxruntime-common's
    // `run` checks only that every declared input is there), so passing them on is harmless…
    const withTypes = await session.run({
      input_ids: ids,
      attention_mask: mask,
      token_type_ids: int64(pair.token_type_ids!),
    });
    const without = await session.run({ input_ids: ids, attention_mask: mask });
    expect(withTypes.logits!.data).toEqual(without.logits!.data);
    // …while a declared input left out fails: what a graph with token types would do to a
    // caller that read this signature and stopped feeding them.
    await expect(session.run({ input_ids: ids })).rejects.toThrow(
      "input 'attention_mask' is missing in 'feeds'",
    );
  });

  it('is loaded as DeBERTa-v2 and pairs as [CLS] A [SEP] B [SEP] with [PAD] = 0', () => {
    expect(encoder.model.constructor.name).toBe('DebertaV2ForSequenceClassification');
    const template = pairTemplate(encoder.tokenizer as unknown as PairTokenizer, QUERY);
    expect(template).toEqual({
      prefix: [1],
      middle: [2],
      suffix: [2],
      queryType: 0,
      documentType: 1,
    });
    expect(encoder.padId).toBe(0);
    // Cased, as DeBERTa-v3's tokenizer is: "Heart" and "heart" are different pieces.
    const tokenizer = encoder.tokenizer as unknown as PairTokenizer;
    expect(tokenizer.encode('Heart', { add_special_tokens: false })).not.toEqual(
      tokenizer.encode('heart', { add_special_tokens: false }),
    );
  });

  it('scores as the model does on each pair alone, batched and padded', async () => {
    const ours = await scorePairs(encoder, QUERY, DOCS, { maxLength: 64, batchSize: 3 });
    expect(ours.computedTokens).toBeGreaterThan(ours.realTokens);
    const expected = await Promise.all(DOCS.map((document) => direct(document)));
    for (const [i, logit] of expected.entries()) expect(ours.logits[i]).toBeCloseTo(logit, 5);
    // The relative-position bias makes order matter: not a bag of words.
    expect(await direct('health heart')).not.toBeCloseTo(await direct('heart health'), 3);
  });

  it('scores the same through the inference worker', async () => {
    const inference = createLocalInference(workerThread(workerFile));
    try {
      const scored = await inference.score(
        {
          model: { root, id: ID, dtype: 'fp32', threads: 1 },
          query: QUERY,
          documents: DOCS,
          maxLength: 64,
          batchSize: 2,
        },
        new AbortController().signal,
      );
      const expected = await Promise.all(DOCS.map((document) => direct(document)));
      for (const [i, logit] of expected.entries()) expect(scored.logits[i]).toBeCloseTo(logit, 5);
    } finally {
      await inference.close();
    }
  });

  it('has a q8 file of MatMulInteger on 7-bit per-channel weights, scored as ONNX Runtime runs it', async () => {
    const file = path.join(root, ...ID.split('/'), 'onnx', 'model_quantized.onnx');
    expect(await q8WeightsOf(file)).toBe('int8-7bit');
    const quantized = await ort.InferenceSession.create(file);
    expect(quantized.inputNames).toEqual(['input_ids', 'attention_mask']);
    const ops = onnxProto.onnx.ModelProto.decode(readFileSync(file)).graph!.node!.map(
      (n) => n.opType,
    );
    expect(ops).toContain('DynamicQuantizeLinear');
    expect(ops.filter((op) => op === 'MatMulInteger')).toHaveLength(4); // q, k, v, classifier
    const q8 = await loadCrossEncoder({ root, id: ID, dtype: 'q8', threads: 1 });
    // One pair a batch: DynamicQuantizeLinear takes one scale for the whole activation tensor,
    // so other rows (and their padding) in a batch move a q8 score slightly, as in the real file.
    const alone = await scorePairs(q8, QUERY, DOCS, { maxLength: 64, batchSize: 1 });
    const batched = await scorePairs(q8, QUERY, DOCS, { maxLength: 64, batchSize: 3 });
    for (const [i, document] of DOCS.entries()) {
      expect(alone.logits[i]).toBeCloseTo(await direct(document, quantized), 5);
    }
    expect(batched.logits).not.toEqual(alone.logits);
  });
});
