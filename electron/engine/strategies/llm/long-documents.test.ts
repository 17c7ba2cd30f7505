/**
 * `longDocuments` on the LLM judge, through the contract and the real transport against the
 * chat simulator (whose naive brain grades by query-term overlap with the document it is shown).
 */
import { describe, expect, it } from 'vitest';
import type { LongDocumentsInput } from '../../../../shared/rerank/long-documents';
import { buriedDocument } from '../../../../testkit/fixtures/long-documents';
import { runThroughContract } from '../../../../testkit/contract-run';
import {
  chatSim,
  llmConfig,
  QUERY,
  services,
  useBrain,
  useLlmHarness,
} from '../../../../testkit/harness/llm-strategies';
import { naiveBrain } from '../../../../testkit/llm-simulator/naive-brain';

useLlmHarness();

const RELEVANT = 'regular exercise improves heart health';
const DOCUMENTS = [
  'the heart of the city',
  buriedDocument(RELEVANT, 300),
  'exercise for a healthy heart',
];

const judge = (longDocuments: LongDocumentsInput) =>
  runThroughContract(services, {
    query: QUERY,
    documents: DOCUMENTS,
    configs: [llmConfig('llm-judge', { longDocuments })],
  }).then((run) => run.columns[0]!);

describe('long documents on the LLM judge', () => {
  it('chunk judges every window and ranks the buried passage first; truncate does not', async () => {
    const truncated = await judge({ mode: 'truncate', window: 64 });
    expect(truncated.status).toBe('ok');
    expect(truncated.results.at(-1)!.index).toBe(1);
    expect(chatSim.requests).toHaveLength(DOCUMENTS.length);
    chatSim.reset();

    const chunked = await judge({ mode: 'chunk', window: 64, overlap: 16 });
    expect(chunked.status).toBe('ok');
    const top = chunked.results[0]!;
    expect(top.index).toBe(1);
    expect(DOCUMENTS[1]!.slice(top.passage!.start, top.passage!.end)).toContain(RELEVANT);
    // One judgement per window: the two short documents and every window of the long one.
    expect(chatSim.requests).toHaveLength(2 + top.passage!.windows);
    expect(chunked.calls).toBe(2 + top.passage!.windows);
  });

  it('a window whose answer cannot be read leaves the others to decide', async () => {
    // The first window of the long document (filler only) gets an answer that is no grade.
    let refused = 0;
    useBrain((request) => {
      const prompt = request.messages.map((m) => m.content).join('\n');
      if (prompt.includes('granite') && !prompt.includes(RELEVANT) && refused++ === 0) {
        return 'I would rather not say';
      }
      return naiveBrain(request);
    });
    const chunked = await judge({ mode: 'chunk', window: 64, overlap: 0 });
    expect(refused).toBeGreaterThan(1);
    expect(chunked.status).toBe('ok');
    expect(chunked.results[0]!.index).toBe(1);
    expect(chunked.documentErrors ?? []).toEqual([]);
    expect(chunked.warnings.join('\n')).toMatch(/1 document was scored on some windows only/);
  });

  it('a document none of whose windows could be read is left out, with the reasons', async () => {
    useBrain((request) => {
      const prompt = request.messages.map((m) => m.content).join('\n');
      return prompt.includes('granite') ? 'no idea' : naiveBrain(request);
    });
    const chunked = await judge({ mode: 'chunk', window: 64, overlap: 0 });
    expect(chunked.results.map((r) => r.index).sort()).toEqual([0, 2]);
    expect(chunked.documentErrors).toHaveLength(1);
    expect(chunked.documentErrors![0]).toMatchObject({ index: 1 });
    expect(chunked.documentErrors![0]!.message).toMatch(/^window 1: .*; window 2: /);
  });
});
