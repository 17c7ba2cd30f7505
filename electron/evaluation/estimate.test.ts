/**
 * eval:estimate in-process: what an evaluation will cost before anything runs, at list prices,
 * counting each config once as the engine calls it once.
 */
import { describe, expect, it } from 'vitest';
import type { OperationResponse } from '../../shared/contract';
import { labelledJsonl } from '../../shared/evaluation/labelled-sample';
import { PRICES_READ_ON } from '../../shared/providers/price-table';
import { BM25, evaluationHarness } from '../../testkit/harness/evaluation';

const { call } = evaluationHarness();

describe('eval:estimate', () => {
  it('prices paid columns at list prices before anything runs, and free ones at nothing', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 't.jsonl', text: labelledJsonl() }],
    });
    const estimate = await call<OperationResponse<'eval:estimate'>>('eval:estimate', {
      datasetId,
      columns: [
        { id: 'bm25', config: BM25 },
        {
          id: 'cohere',
          config: { version: 1, name: 'cohere', strategy: 'dedicated-model', provider: 'cohere' },
        },
        {
          id: 'judge',
          config: {
            version: 1,
            name: 'judge',
            strategy: 'llm-judge',
            provider: 'openai-compatible',
            model: 'm',
            baseUrl: 'http://127.0.0.1:1/v1',
            params: { pricing: { inputUsdPerMillion: 1, outputUsdPerMillion: 2 }, maxTokens: 10 },
          },
        },
      ],
      maxCandidates: 2,
    });
    expect(estimate.queries).toBe(3);
    expect(estimate.documents).toBe(6);
    expect(estimate.paid).toBe(true);
    const [bm25, cohere, judge] = estimate.columns;
    expect(bm25).toMatchObject({ paid: false, calls: 0 });
    // Three queries of ≤ 100 documents: three searches at $2 per 1,000.
    expect(cohere).toMatchObject({ paid: true, calls: 3, usd: 0.006 });
    expect(cohere!.detail).toBe(
      `3 estimated search units × $2.00/1,000 (list price read ${PRICES_READ_ON}); 3 calls`,
    );
    // One call per document; output is counted at maxTokens.
    expect(judge).toMatchObject({ paid: true, calls: 6 });
    expect(judge!.usd).toBeGreaterThan((6 * 10 * 2) / 1e6);
    expect(estimate.totalUsd).toBeCloseTo(0.006 + judge!.usd!, 12);
  });

  it('counts a config once when a fusion member is another column, as the engine calls it once', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 't.jsonl', text: labelledJsonl() }],
    });
    const cohere = { version: 1, name: 'cohere', strategy: 'dedicated-model', provider: 'cohere' };
    const fusion = {
      version: 1,
      name: 'rrf',
      strategy: 'fusion',
      params: { members: [BM25, cohere] },
    };
    const estimate = await call<OperationResponse<'eval:estimate'>>('eval:estimate', {
      datasetId,
      // The fusion comes first in the request; the plain column is still the one that pays.
      columns: [
        { id: 'rrf', config: fusion },
        { id: 'cohere', config: cohere },
      ],
    });
    expect(estimate.columns.map((c) => [c.columnId, c.usd ?? null, c.calls])).toEqual([
      ['rrf', null, 0],
      ['cohere', 0.006, 3],
    ]);
    expect(estimate.columns[0]!.detail).toBe(
      'no calls of its own: its paid members are columns counted above',
    );
    expect(estimate.totalUsd).toBe(0.006);
  });

  it('calls a fusion of free members free, even when it shares them with columns', async () => {
    const { datasetId } = await call<{ datasetId: string }>('eval:import', {
      files: [{ name: 't.jsonl', text: labelledJsonl() }],
    });
    const inputOrder = {
      version: 1,
      name: 'input',
      strategy: 'heuristic',
      params: { method: 'input-order' },
    };
    const fusion = {
      version: 1,
      name: 'rrf',
      strategy: 'fusion',
      params: { members: [BM25, inputOrder] },
    };
    const estimate = await call<OperationResponse<'eval:estimate'>>('eval:estimate', {
      datasetId,
      columns: [
        { id: 'bm25', config: BM25 },
        { id: 'rrf', config: fusion },
      ],
    });
    expect(estimate.paid).toBe(false);
    expect(estimate.columns[1]!.detail).toBe('free: every member runs here');
  });
});
