/** Listing the history: full-text search, filters and keyset paging, on a real file. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError } from './db';
import type { ListRunsQuery, RunSummary } from '../../shared/history/saved-run';
import {
  BM25,
  COHERE,
  column,
  JINA,
  openStore,
  sampleRun,
  tempFolder,
} from '../../testkit/fixtures/history';

const { dir, cleanup } = tempFolder('history-list');
afterAll(cleanup);
const { store } = openStore(path.join(dir, 'history.db'));
const day = (d: number, hour = 12) => Date.UTC(2025, 3, d, hour);

store.saveRun(
  sampleRun({
    id: 'biology',
    createdAt: day(1),
    query: 'what does the mitochondria do',
    instruction: 'Answer like a textbook',
    documents: [
      { text: 'The mitochondria is the powerhouse of the cell.', metadata: { topic: 'cells' } },
      { text: 'Ribosomes build proteins.' },
    ],
    columns: [column(COHERE), column(BM25)],
  }),
);
store.saveRun(
  sampleRun({
    id: 'music',
    createdAt: day(2),
    source: 'cli',
    status: 'cancelled',
    query: 'rock AND roll "hall of fame" c++ NEAR(x) -minus title:colon ^caret',
    instruction: undefined,
    documents: [{ text: 'Le Café de Flore served many jazz musicians.' }],
    columns: [column(JINA, { status: 'cancelled' })],
  }),
);
store.saveRun(
  sampleRun({
    id: 'search',
    createdAt: day(3),
    source: 'evaluation',
    query: 'okapi bm25 saturation',
    documents: [{ text: 'Term frequency saturates under BM25.' }],
    columns: [column(BM25)],
  }),
);

const ids = (query: ListRunsQuery) => store.listRuns(query).runs.map((run) => run.id);

describe('text search', () => {
  it('finds a word of the query, of the instruction and of a document', () => {
    expect(ids({ text: 'mitochondria' })).toEqual(['biology']);
    expect(ids({ text: 'textbook' })).toEqual(['biology']);
    expect(ids({ text: 'powerhouse' })).toEqual(['biology']);
    expect(ids({ text: 'ribosomes proteins' })).toEqual(['biology']);
    expect(ids({ text: 'saturation' })).toEqual(['search']);
  });

  it('matches the last word as a prefix while it is being typed, not after a space', () => {
    expect(ids({ text: 'mitochon' })).toEqual(['biology']);
    expect(ids({ text: 'mitochon ' })).toEqual([]);
    expect(ids({ text: 'satur' })).toEqual(['search']); // "saturation" and "saturates"
  });

  it('ignores diacritics and case, and does not index metadata or JSON keys', () => {
    expect(ids({ text: 'CAFE' })).toEqual(['music']);
    expect(ids({ text: 'cells' })).toEqual([]); // a metadata value
    expect(ids({ text: 'metadata ' })).toEqual([]);
    expect(ids({ text: 'text ' })).toEqual([]);
  });

  it('takes quotes, operators and symbols as plain text', () => {
    for (const text of [
      '"',
      '"unbalanced',
      'AND',
      'OR NOT',
      'NEAR(x',
      '*',
      '-minus',
      'title:colon',
      '^caret',
      'c++',
      "it's",
      '(',
      '""""',
    ]) {
      expect(() => store.listRuns({ text }), text).not.toThrow();
    }
    expect(ids({ text: 'AND' })).toEqual(['music']); // the word "and" of the query
    expect(ids({ text: '"hall of fame"' })).toEqual(['music']);
    expect(ids({ text: '"fame of hall"' })).toEqual([]); // a phrase keeps its order
    expect(ids({ text: 'title:colon' })).toEqual(['music']);
    expect(ids({ text: 'c++ roll' })).toEqual(['music']);
    expect(ids({ text: 'mitochondria rock' })).toEqual([]); // every word must match
  });

  it('treats text with nothing searchable as no filter', () => {
    expect(ids({ text: '  "" *** ' })).toEqual(['search', 'music', 'biology']);
  });
});

describe('filters', () => {
  it('filters by date range, from inclusive and to exclusive', () => {
    expect(ids({ from: day(2) })).toEqual(['search', 'music']);
    expect(ids({ to: day(2) })).toEqual(['biology']);
    expect(ids({ from: day(2), to: day(2) + 1 })).toEqual(['music']);
  });

  it('filters by a column provider or strategy, run status and source', () => {
    expect(ids({ provider: 'cohere' })).toEqual(['biology']);
    expect(ids({ provider: 'jina' })).toEqual(['music']);
    expect(ids({ strategy: 'heuristic' })).toEqual(['search', 'biology']);
    expect(ids({ status: 'cancelled' })).toEqual(['music']);
    expect(ids({ source: 'evaluation' })).toEqual(['search']);
    expect(
      ids({ strategy: 'heuristic', text: 'okapi', from: day(3), status: 'completed' }),
    ).toEqual(['search']);
    expect(ids({ provider: 'voyage' })).toEqual([]);
  });

  it('summarises a run without its documents or results', () => {
    const [biology] = store.listRuns({ text: 'mitochondria' }).runs;
    expect(biology).toStrictEqual<RunSummary>({
      id: 'biology',
      createdAt: day(1),
      source: 'playground',
      status: 'completed',
      query: 'what does the mitochondria do',
      instruction: 'Answer like a textbook',
      documentCount: 2,
      columnCount: 2,
      durationMs: 431.25,
      starred: false,
      columns: [
        {
          columnId: 'cohere',
          name: 'cohere',
          strategy: 'dedicated-model',
          provider: 'cohere',
          model: 'rerank-v3.5',
          status: 'ok',
          latencyMs: 12.5,
        },
        { columnId: 'bm25', name: 'bm25', strategy: 'heuristic', status: 'ok', latencyMs: 12.5 },
      ],
    });
  });
});

describe('keyset paging', () => {
  const { store: big } = openStore(path.join(dir, 'big.db'));
  // 250 runs, three to a millisecond, so ties on created_at must be broken by id.
  const base = Date.UTC(2025, 4, 1);
  const total = 250;
  for (let i = 0; i < total; i++) {
    big.saveRun(
      sampleRun({
        id: `run-${String(i).padStart(3, '0')}`,
        createdAt: base + Math.floor(i / 3),
        status: i % 5 === 0 ? 'cancelled' : 'completed',
        columns: [column(i % 2 === 0 ? COHERE : JINA)],
      }),
    );
  }
  const newestFirst = Array.from(
    { length: total },
    (_, i) => `run-${String(i).padStart(3, '0')}`,
  ).reverse();

  const walk = (query: ListRunsQuery) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = big.listRuns({ ...query, cursor });
      seen.push(...page.runs.map((run) => run.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { seen, pages };
  };

  it('walks every run once, in order, with no duplicates or gaps', () => {
    const { seen, pages } = walk({ limit: 40 });
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(7); // 6 × 40 + 10
    expect(walk({}).pages).toBe(5); // 50 a page by default
    expect(walk({ limit: 50 }).seen).toEqual(newestFirst);
  });

  it('pages through a filtered list the same way', () => {
    const { seen } = walk({ limit: 7, status: 'cancelled', provider: 'cohere' });
    expect(seen).toEqual(newestFirst.filter((id) => Number(id.slice(4)) % 10 === 0));
  });

  it('neither repeats nor skips a run when newer runs are saved between pages', () => {
    const first = big.listRuns({ limit: 100 });
    big.saveRun(sampleRun({ id: 'late-arrival', createdAt: base + 10_000 }));
    const second = big.listRuns({ limit: 200, cursor: first.nextCursor });
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual(newestFirst);
    expect(second.nextCursor).toBeUndefined();
    big.deleteRun('late-arrival');
  });

  it('says what is wrong with a bad cursor or page size', () => {
    expect(() => big.listRuns({ cursor: 'not-a-cursor' })).toThrow(HistoryError);
    expect(() => big.listRuns({ cursor: 'bm90LWEtY3Vyc29y' })).toThrow(
      'cursor is not one the history gave out: pass nextCursor from the previous page, or no cursor for the first page',
    );
    expect(() => big.listRuns({ limit: 0 })).toThrow('limit must be a whole number from 1 to 200');
    expect(() => big.listRuns({ limit: 2.5 })).toThrow(
      'limit must be a whole number from 1 to 200',
    );
    expect(() => big.listRuns({ from: Number.NaN })).toThrow(
      'from must be a time in milliseconds since 1970',
    );
  });
});
