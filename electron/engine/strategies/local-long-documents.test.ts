/**
 * `longDocuments` on local models, through the contract, the engine and the real inference
 * worker (the built `out/node/inference-worker.mjs`), on the tiny test cross-encoder and its
 * WordPiece tokenizer. What the model finds relevant is read off the model itself: each word
 * of its vocabulary, repeated to fill exactly one window, is scored, and the best and worst
 * words make a long document whose only "relevant" text lies past the first window.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { OperationResponse } from '../../../shared/contract';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import type { LongDocumentsInput } from '../../../shared/rerank/long-documents';
import { column, services, useLocalModelHarness } from '../../../testkit/harness/local-model';
import { writeTinyCrossEncoder } from '../../../testkit/models/tiny-cross-encoder';
import { writeTinyQwen3Reranker } from '../../../testkit/models/tiny-qwen3';

const QUERY = 'heart health exercise';
/** [CLS] query [SEP] … [SEP]: 6 tokens of 64 are not the document's. */
const MAX_LENGTH = 64;
const ROOM = MAX_LENGTH - 6;
const WORDS = (
  'the of and heart health exercise blood pressure training sleep diet muscle running ' +
  'swimming recovery cooking pasta home city stock market news regular improves good'
).split(' ');

const local = (
  longDocuments?: LongDocumentsInput,
  model = 'tests/tiny',
  maxLength = MAX_LENGTH,
): PipelineConfig => ({
  version: 1,
  name: 'local',
  strategy: 'dedicated-model',
  provider: 'local',
  model,
  params: { maxLength },
  ...(longDocuments ? { longDocuments } : {}),
});

async function rank(config: PipelineConfig, documents: string[]) {
  const result = await column(config, documents, QUERY);
  expect(result.error).toBeUndefined();
  return result;
}

const repeat = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ');

useLocalModelHarness((dir) => {
  writeTinyCrossEncoder(path.join(dir, 'tests', 'tiny'), { words: WORDS });
  writeTinyQwen3Reranker(path.join(dir, 'tests', 'qwen3'));
});

describe('long documents on a local model', () => {
  it('chunk ranks the document whose best passage is past the cut first; truncate does not', async () => {
    // One window's worth of each word: the model's own relevance of each.
    const probe = await rank(
      local(),
      WORDS.map((w) => repeat(w, ROOM)),
    );
    expect(probe.warnings).toEqual([]);
    const ranked = probe.results.map((r) => WORDS[r.index]!);
    const [best, second, third] = ranked;
    const worst = ranked.at(-1)!;
    // Past the first window: 102 tokens always hold a whole window (58, stepping by 44).
    const long = `${repeat(worst, 300)} ${repeat(best!, 110)}`;
    const documents = [repeat(second!, ROOM), long, repeat(third!, ROOM), repeat(worst, 10)];

    const truncated = await rank(local({ mode: 'truncate' }), documents);
    const truncatedOrder = truncated.results.map((r) => r.index);
    expect(truncatedOrder.slice(0, 2)).toEqual([0, 2]);
    expect(truncatedOrder.indexOf(1)).toBeGreaterThanOrEqual(2);
    expect(truncated.warnings).toContain(
      `document 1 was cut to its first ${ROOM} tokens (${410 - ROOM} not read)`,
    );

    const chunked = await rank(local({ mode: 'chunk', overlap: 14 }), documents);
    expect(chunked.results.map((r) => r.index)).toEqual([1, 0, 2, 3]);
    const top = chunked.results[0]!;
    // The winning window is all `best`, counted by the tokenizer: exactly one window long.
    expect(long.slice(top.passage!.start, top.passage!.end)).toBe(repeat(best!, ROOM));
    expect(top.rawScore).toBeCloseTo(probe.results[0]!.rawScore, 5);
    // Windows of 58 tokens stepping by 44 over 410 tokens.
    expect(top.passage!.windows).toBe(Math.ceil((410 - ROOM) / (ROOM - 14)) + 1);
    expect(chunked.warnings.some((w) => /was cut/.test(w))).toBe(false);
  });

  it('a window larger than the model reads is fitted to it with the query', async () => {
    const long = repeat('heart', 200);
    const chunked = await rank(local({ mode: 'chunk', window: 4096, overlap: 0 }), [long]);
    const [only] = chunked.results;
    expect(only!.passage!.windows).toBe(Math.ceil(200 / ROOM));
    expect(long.slice(only!.passage!.start, only!.passage!.end).split(' ')).toHaveLength(ROOM);
  });

  it('a Qwen3 reranker scores its windows too, fitted beside its template', async () => {
    const documents = [repeat('heart health', 200), 'exercise'];
    const chunked = await rank(
      local({ mode: 'chunk', window: 32, overlap: 8 }, 'tests/qwen3', 512),
      documents,
    );
    expect(chunked.results).toHaveLength(2);
    const long = chunked.results.find((r) => r.index === 0)!;
    expect(long.passage!.windows).toBeGreaterThan(10);
    expect(chunked.warnings.some((w) => /was cut/.test(w))).toBe(false);
  });
});

describe('a local run estimate with long documents', () => {
  it('counts every window in chunk mode: within 15% of the tokens the run then feeds', async () => {
    const documents = Array.from({ length: 30 }, (_, i) => repeat('heart', 40 + 13 * i));
    const config = local({ mode: 'chunk', overlap: 14 });
    const estimate = await dispatch(services.handlers, 'models:estimate', {
      config,
      query: QUERY,
      documents,
    });
    if (!estimate.ok) throw new Error(estimate.error.message);
    const { tokens } = estimate.value as OperationResponse<'models:estimate'>;
    const ran = await rank(config, documents);
    const fed = ran.usage!.inputTokens!;
    expect(fed).toBeGreaterThan(documents.length * MAX_LENGTH);
    // Six probed documents stand for thirty of other lengths, and a last window is partly
    // filled, which scaling by characters smooths over (2% off when written); a cost model
    // that cut documents at the max length would be five times too low.
    expect(Math.abs(tokens! - fed) / fed).toBeLessThan(0.15);
  });
});
