import { describe, expect, it } from 'vitest';
import type { ColumnResult, ColumnSpec } from '../../shared/contract';
import { BM25_CONFIG, INPUT_ORDER_CONFIG, type PipelineConfig } from '../../shared/pipeline/config';
import type { RerankDocument } from '../../shared/rerank/documents';
import { ok } from '../../shared/util/result';
import { createEngine } from './engine';
import { resolveStrategy } from './strategies';
import { StrategyError, type StrategyResolver, type StrategyRunner } from './strategy';
import { noteSecrets } from '../secrets/log-redaction';
import { warningsDuring } from '../../testkit/process-warnings';

const docs = (texts: string[]): RerankDocument[] => texts.map((text, index) => ({ index, text }));
const DOCS = docs(['the cat sat', 'dogs bark loudly', 'a cat and a dog', 'nothing relevant here']);
const column = (id: string, config: PipelineConfig): ColumnSpec => ({ id, config });

/** A real strategy that finishes only when told to, or when its signal aborts. */
function gatedRunner(): { runner: StrategyRunner; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    started,
    runner: {
      scoreKind: 'grade',
      async score({ documents }) {
        markStarted();
        await gate;
        return {
          scores: documents.map((d) => ({ index: d.index, score: 1, rawScore: 1 })),
          warnings: [],
        };
      },
    },
  };
}

describe('engine', () => {
  it('runs many columns on one signal without a listener-leak warning, and still warns of a real leak', async () => {
    // Twelve columns all in flight at once, each holding its listeners on the run's signal.
    const gated = gatedRunner();
    const engine = createEngine({ resolveStrategy: () => ok(gated.runner) });
    const signal = new AbortController().signal;
    const wide = Array.from({ length: 12 }, (_, i) =>
      column(`c${i}`, { ...BM25_CONFIG, name: `c${i}` }),
    );
    const warnings = await warningsDuring(async () => {
      const run = engine.run({ query: 'cat', documents: DOCS, columns: wide }, signal);
      await gated.started;
      gated.release();
      expect((await run).columns.every((c) => c.status === 'ok')).toBe(true);
    });
    expect(warnings).toEqual([]);
    // The raised limit is the run's width, not unlimited: listeners left behind still warn.
    const leaked = await warningsDuring(() => {
      for (let i = 0; i <= 8 * wide.length; i++) signal.addEventListener('abort', () => {});
      return Promise.resolve();
    });
    expect(leaked.join('\n')).toMatch(/MaxListenersExceededWarning/);
  });

  it('ranks every column independently and keeps original indices', async () => {
    const engine = createEngine({ resolveStrategy });
    const run = await engine.run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [column('a', INPUT_ORDER_CONFIG), column('b', BM25_CONFIG)],
      },
      new AbortController().signal,
    );
    expect(run.status).toBe('completed');
    const [input, bm25] = run.columns as [ColumnResult, ColumnResult];
    expect(input.results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(input.scoreKind).toBe('rank');
    expect(bm25.scoreKind).toBe('bm25');
    expect(
      bm25.results
        .map((r) => r.index)
        .slice(0, 2)
        .sort(),
    ).toEqual([0, 2]);
    expect(bm25.results.at(-1)!.score).toBe(0);
    for (const r of bm25.results) expect(r.rawScore).toBe(r.score);
  });

  it('applies the tighter of the run-wide and the column top N, and carries ids', async () => {
    const engine = createEngine({ resolveStrategy });
    const documents: RerankDocument[] = DOCS.map((d) => ({ ...d, id: `doc-${d.index}` }));
    const run = await engine.run(
      {
        query: 'cat',
        documents,
        topN: 3,
        columns: [
          column('a', BM25_CONFIG),
          column('b', { ...BM25_CONFIG, topN: 1 }),
          column('c', { ...BM25_CONFIG, topN: 9 }),
        ],
      },
      new AbortController().signal,
    );
    expect(run.columns.map((c) => c.results.length)).toEqual([3, 1, 3]);
    expect(run.columns[0]!.results[0]!.id).toBe(`doc-${run.columns[0]!.results[0]!.index}`);
    expect(run.columns[2]!.warnings).toEqual([
      'topN (9) is larger than the number of documents (4); returning all 4',
    ]);
  });

  it('reports an unsupported strategy as that column’s error without failing the others', async () => {
    const engine = createEngine({ resolveStrategy });
    const run = await engine.run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [
          column('a', { version: 1, name: 'judge', strategy: 'llm-judge' }),
          column('b', BM25_CONFIG),
        ],
      },
      new AbortController().signal,
    );
    expect(run.columns[0]).toMatchObject({
      status: 'error',
      error: { code: 'unsupported' },
      results: [],
    });
    expect(run.columns[0]!.error!.message).toMatch(/strategy "llm-judge" is not available/);
    expect(run.columns[1]!.status).toBe('ok');
  });

  it('turns a strategy exception into that column’s error and reports the bug', async () => {
    const bugs: unknown[] = [];
    const resolver: StrategyResolver = (config) =>
      config.name === 'broken'
        ? ok({ scoreKind: 'grade', score: () => Promise.reject(new Error('boom')) })
        : resolveStrategy(config);
    const engine = createEngine({ resolveStrategy: resolver, reportBug: (e) => bugs.push(e) });
    const run = await engine.run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [column('a', { ...BM25_CONFIG, name: 'broken' }), column('b', BM25_CONFIG)],
      },
      new AbortController().signal,
    );
    expect(run.columns[0]).toMatchObject({
      status: 'error',
      error: { code: 'internal', message: 'column "broken" failed: boom' },
    });
    expect(run.columns[1]!.status).toBe('ok');
    expect(bugs).toHaveLength(1);
  });

  it('reports each column as it finishes, fast columns before slow ones', async () => {
    const gated = gatedRunner();
    const resolver: StrategyResolver = (config) =>
      config.name === 'slow' ? ok(gated.runner) : resolveStrategy(config);
    const engine = createEngine({ resolveStrategy: resolver });
    const events: string[] = [];
    let fastFinished!: () => void;
    const fastDone = new Promise<void>((resolve) => (fastFinished = resolve));
    const done = engine.run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [column('slow', { ...BM25_CONFIG, name: 'slow' }), column('fast', BM25_CONFIG)],
      },
      new AbortController().signal,
      {
        columnStarted: (id) => events.push(`start ${id}`),
        columnFinished: (c) => {
          events.push(`finish ${c.columnId}`);
          if (c.columnId === 'fast') fastFinished();
        },
      },
    );
    // The fast column reports while the slow one is still held.
    await Promise.all([gated.started, fastDone]);
    expect(events).toEqual(['start slow', 'start fast', 'finish fast']);
    gated.release();
    await done;
    expect(events.at(-1)).toBe('finish slow');
  });

  it('cancel stops every unfinished column at once, even one that ignores its signal', async () => {
    const gated = gatedRunner();
    const resolver: StrategyResolver = (config) =>
      config.name === 'slow' ? ok(gated.runner) : resolveStrategy(config);
    const engine = createEngine({ resolveStrategy: resolver });
    const controller = new AbortController();
    let fastFinished!: () => void;
    const fastDone = new Promise<void>((resolve) => (fastFinished = resolve));
    const done = engine.run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [column('slow', { ...BM25_CONFIG, name: 'slow' }), column('fast', BM25_CONFIG)],
      },
      controller.signal,
      { columnFinished: (c) => c.columnId === 'fast' && fastFinished() },
    );
    await Promise.all([gated.started, fastDone]);
    controller.abort(new Error('cancelled'));
    const run = await done;
    expect(run.status).toBe('cancelled');
    expect(run.columns.map((c) => c.status)).toEqual(['cancelled', 'ok']);
    gated.release();
  });

  it('cancels BM25 between slices on a large candidate set', async () => {
    const engine = createEngine({ resolveStrategy });
    const documents = docs(
      Array.from({ length: 10_000 }, (_, i) => `document ${i} about cats and dogs ${i % 13}`),
    );
    const controller = new AbortController();
    const done = engine.run(
      { query: 'cats 7', documents, columns: [column('a', BM25_CONFIG)] },
      controller.signal,
    );
    controller.abort(new Error('cancelled'));
    const run = await done;
    expect(run.columns[0]!.status).toBe('cancelled');
  });

  it('shares tokenisation between BM25 columns and still honours each column’s parameters', async () => {
    const engine = createEngine({ resolveStrategy });
    const documents = docs(['cat', 'cat ' + 'filler '.repeat(40) + 'cat cat']);
    const run = await engine.run(
      {
        query: 'cat',
        documents,
        columns: [
          column('b0', { ...BM25_CONFIG, params: { method: 'bm25', k1: 1.2, b: 0 } }),
          column('b1', { ...BM25_CONFIG, params: { method: 'bm25', k1: 1.2, b: 1 } }),
        ],
      },
      new AbortController().signal,
    );
    // Without length normalisation three occurrences beat one; with full normalisation the short document wins.
    expect(run.columns[0]!.results[0]!.index).toBe(1);
    expect(run.columns[1]!.results[0]!.index).toBe(0);
  });

  it('masks keys this process used in whatever text a strategy reports, wherever it came from', async () => {
    // A strategy that quotes a backend without redacting (issue 18, item 3): the engine is the
    // last line before the column is reported, saved and exported.
    const key = 'rk-CANARY-engine-5f1e2d3c4b5a6978';
    noteSecrets([key]);
    const quoting: StrategyRunner = {
      scoreKind: 'grade',
      score: ({ documents }) =>
        Promise.resolve({
          scores: documents.slice(1).map((d) => ({ index: d.index, score: 1, rawScore: 1 })),
          warnings: [`the backend said: ${key}`],
          documentErrors: [{ index: 0, message: `answer "${key}" is not a grade` }],
        }),
    };
    const failing: StrategyRunner = {
      scoreKind: 'grade',
      score: () =>
        Promise.reject(
          new StrategyError({ code: 'upstream', message: `refused: x-api-key=${key}` }),
        ),
    };
    const resolver: StrategyResolver = (config) => ok(config.name === 'fails' ? failing : quoting);
    const finished: ColumnResult[] = [];
    const run = await createEngine({ resolveStrategy: resolver }).run(
      {
        query: 'q',
        documents: DOCS,
        columns: [
          column('quotes', { ...BM25_CONFIG, name: 'quotes' }),
          column('fails', { ...BM25_CONFIG, name: 'fails' }),
        ],
      },
      new AbortController().signal,
      { columnFinished: (c) => finished.push(c) },
    );
    const text = JSON.stringify([run, finished]);
    expect(text).not.toContain(key.slice(0, -4));
    expect(run.columns[0]!.documentErrors![0]!.message).toBe('answer "••••6978" is not a grade');
    expect(run.columns[0]!.warnings).toContain('the backend said: ••••6978');
    expect(run.columns[1]!.error!.message).toBe('refused: x-api-key=••••6978');
  });
});

describe('engine progress', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 2));
  /** Reports `total` documents in two steps, then fails or scores them. */
  const reporting = (total: number, fail: boolean): StrategyRunner => ({
    scoreKind: 'grade',
    async score({ documents, onProgress }) {
      onProgress?.({ unit: 'documents', done: 0, total });
      await tick();
      onProgress?.({ unit: 'documents', done: fail ? total / 2 : total, total });
      if (fail) throw new StrategyError({ code: 'upstream', message: 'down' });
      return {
        scores: documents.map((d) => ({ index: d.index, score: 1, rawScore: 1 })),
        warnings: [],
      };
    },
  });

  it('adds the time left to a column’s reports, and starts it over for a fallback', async () => {
    const resolve: StrategyResolver = (config) =>
      ok(reporting(config.name === 'primary' ? 10 : 4, config.name === 'primary'));
    const fallback: PipelineConfig = { version: 1, name: 'fallback', strategy: 'heuristic' };
    const reports: unknown[] = [];
    const run = await createEngine({ resolveStrategy: resolve }).run(
      {
        query: 'cat',
        documents: DOCS,
        columns: [
          column('a', {
            version: 1,
            name: 'primary',
            strategy: 'heuristic',
            fallbacks: [fallback],
          }),
        ],
      },
      new AbortController().signal,
      { columnProgress: (id, progress) => reports.push({ id, ...progress }) },
    );
    expect(run.columns[0]!.status).toBe('ok');
    expect(reports).toEqual([
      { id: 'a', unit: 'documents', done: 0, total: 10 },
      { id: 'a', unit: 'documents', done: 5, total: 10, etaMs: expect.any(Number) as unknown },
      // The fallback's own work: no rate carried over from the config that failed.
      { id: 'a', unit: 'documents', done: 0, total: 4 },
      { id: 'a', unit: 'documents', done: 4, total: 4, etaMs: 0 },
    ]);
  });
});
