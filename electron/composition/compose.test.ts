import { describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import {
  events as eventSchemas,
  operations,
  RerankRunAnswer,
  RerankRunSummary,
} from '../../shared/contract';
import { createServices } from './compose';
import { freshDataDir } from '../../testkit/temp-dir';

/** The contract handlers, called in-process through the same `dispatch` every host uses. */
function setup() {
  const dataDir = freshDataDir();
  const services = createServices({ host: 'test', dataDir });
  const received: { event: string; payload: unknown }[] = [];
  services.events.subscribe((event, payload) => received.push({ event, payload }));
  const call = (name: string, request: unknown) => dispatch(services.handlers, name, request);
  return { services, received, call, dataDir };
}

const columns = [
  {
    id: 'input',
    config: {
      version: 1,
      name: 'input order',
      strategy: 'heuristic',
      params: { method: 'input-order' },
    },
  },
  { id: 'bm25', config: { version: 1, name: 'bm25', strategy: 'heuristic' } },
];

describe('contract handlers', () => {
  it('app:info describes the host', async () => {
    const { call, dataDir } = setup();
    const result = await call('app:info', {});
    expect(result.ok).toBe(true);
    const info = operations['app:info'].response.parse((result as { value: unknown }).value);
    expect(info).toMatchObject({
      name: 'Rerank Studio',
      host: 'test',
      dataDir,
    });
    expect(info.versions.node).toBe(process.versions.node);
  });

  it('rerank:run returns every column and streams progress events that match the contract', async () => {
    const { call, received } = setup();
    const result = await call('rerank:run', {
      runId: 'run-1',
      query: 'heart exercise',
      documents: [
        'cooking pasta',
        { id: 'h', text: 'exercise strengthens the heart' },
        'heart of the city',
      ],
      columns,
    });
    if (!result.ok) throw new Error(result.error.message);
    // Without `answer`, the full answer: what the CLI and `serve` read.
    const value = RerankRunAnswer.parse(result.value);
    expect(value).toMatchObject({
      answer: 'full',
      runId: 'run-1',
      status: 'completed',
      documentCount: 3,
      warnings: [],
    });
    expect(value.columns[0]!.results.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(value.columns[1]!.results[0]).toMatchObject({ index: 1, id: 'h' });

    expect(received.map((e) => (e.payload as { type: string }).type)).toEqual([
      'column-started',
      'column-started',
      'column-finished',
      'column-finished',
      'run-finished',
    ]);
    for (const { event, payload } of received) {
      expect(event).toBe('run:progress');
      expect(eventSchemas['run:progress'].safeParse(payload).success).toBe(true);
    }
  });

  it.each([
    [{ query: '', documents: ['a'] }, 'query is required for rerank'],
    [{ query: 'q', documents: [] }, 'documents are required for rerank'],
    [{ query: 'q', documents: ['a', ' '] }, 'document text is required for rerank at index 1'],
    [{ query: 'q', documents: ['a'], topN: 0 }, 'top_n must be at least 1'],
  ])('rerank:run %j → %s', async (fields, message) => {
    const { call, received } = setup();
    const result = await call('rerank:run', { runId: 'r', columns, ...fields });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message } });
    expect(received).toEqual([]);
  });

  it('reports the Bifrost message first even when other fields are also wrong', async () => {
    const { call } = setup();
    const result = await call('rerank:run', { query: ' ', documents: ['a'], columns: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { message: 'query is required for rerank' } });
  });

  it('rejects bad columns with the path of the problem', async () => {
    const { call } = setup();
    const bad = await call('rerank:run', {
      runId: 'r',
      query: 'q',
      documents: ['a'],
      columns: [
        {
          id: 'x',
          config: {
            version: 1,
            name: 'x',
            strategy: 'heuristic',
            params: { method: 'bm25', k1: -1 },
          },
        },
      ],
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/params\.k1/);
    const none = await call('rerank:run', {
      runId: 'r',
      query: 'q',
      documents: ['a'],
      columns: [],
    });
    expect(none).toMatchObject({
      ok: false,
      error: { message: 'columns: at least one column is required' },
    });
    const dup = await call('rerank:run', {
      runId: 'r',
      query: 'q',
      documents: ['a'],
      columns: [columns[0], columns[0]],
    });
    expect(dup).toMatchObject({ ok: false, error: { message: 'column ids must be unique' } });
  });

  it('returns request warnings (clamped top N) with the results', async () => {
    const { call } = setup();
    const result = await call('rerank:run', {
      runId: 'r',
      query: 'q',
      documents: ['a', 'b'],
      topN: 10,
      columns,
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        warnings: ['top_n (10) is larger than the number of documents (2); returning all 2'],
      },
    });
  });

  it('rerank:run answers a summary when asked: how each column ended, no results', async () => {
    const { call, received } = setup();
    const missingKey = {
      version: 1,
      name: 'no key',
      strategy: 'dedicated-model',
      provider: 'cohere',
      model: 'rerank-v3.5',
    };
    const result = await call('rerank:run', {
      runId: 'summary-1',
      query: 'heart',
      documents: ['the heart', 'a city'],
      columns: [...columns, { id: 'nokey', config: missingKey }],
      answer: 'summary',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(RerankRunSummary.parse(result.value)).toEqual({
      answer: 'summary',
      runId: 'summary-1',
      status: 'completed',
      warnings: [],
      documentCount: 2,
      latencyMs: expect.any(Number) as unknown,
      history: { saved: true },
      columns: [
        { columnId: 'input', status: 'ok' },
        { columnId: 'bm25', status: 'ok' },
        { columnId: 'nokey', status: 'error' },
      ],
    });
    // The results went out as events, once per column, in whatever order the columns ended.
    const finished = received
      .map((e) => e.payload as { type: string; column?: { columnId: string; results: unknown[] } })
      .filter((payload) => payload.type === 'column-finished')
      .map(({ column }) => [column!.columnId, column!.results.length]);
    expect(Object.fromEntries(finished)).toEqual({ input: 2, bm25: 2, nokey: 0 });
    expect(finished).toHaveLength(3);
  });

  it('rerank:cancel before the run starts makes the run come back cancelled', async () => {
    const { call } = setup();
    expect(await call('rerank:cancel', { runId: 'later' })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
    const result = await call('rerank:run', {
      runId: 'later',
      query: 'q',
      documents: ['a'],
      columns,
    });
    expect(result).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    const value = (result as { value: RerankRunAnswer }).value;
    expect(value.columns.map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses a run id that is already running', async () => {
    const { call } = setup();
    const documents = Array.from({ length: 5_000 }, (_, i) => `document number ${i}`);
    const first = call('rerank:run', { runId: 'same', query: 'number', documents, columns });
    const second = await call('rerank:run', { runId: 'same', query: 'number', documents, columns });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await first).ok).toBe(true);
  });

  it('answers unknown operations and malformed requests with errors, not exceptions', async () => {
    const { call } = setup();
    expect(await call('secrets:get', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_operation' },
    });
    expect(await call('rerank:cancel', { runId: '../etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await call('app:info', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await call('rerank:run', 'not an object')).toMatchObject({
      ok: false,
      error: { message: 'request must be a JSON object' },
    });
  });
});
