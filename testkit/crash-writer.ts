/**
 * The child process of `crash.test.ts`: opens the history file as the app does and saves runs
 * one after another, for as long as it lives, until the test kills it with SIGKILL. It prints
 * one line per step, so the test knows where it was when it died:
 *
 * - `opening` just before it opens the file, `ready` once it is open (health check, WAL set up,
 *   schema migrated);
 * - `begin <id>` just before `saveRun`, `saved <id>` just after it returned (the run is
 *   acknowledged: it must survive the kill);
 * - `notice <text>` for each notice `openHistoryDatabase` gave (a quarantine would be one).
 *
 * A run's content is a pure function of its id, and the id says how many documents and columns
 * it has, so the test can rebuild the exact run a complete save must have left behind.
 */
import type { ColumnResult, RankedResult } from '../shared/contract/schemas';
import type { PipelineConfig } from '../shared/pipeline/config';
import type { SavedColumn, SavedDocument, SavedRunInput } from '../shared/history/saved-run';
import { openHistoryDatabase } from '../electron/history/db';
import { createHistoryStore } from '../electron/history/store';
import { mulberry32 } from './random';

/** `r-<life>-<n>-d<documents>-c<columns>`: the n-th run of the life-th child. */
export const CRASH_RUN_ID = /^r-(\d+)-(\d+)-d(\d+)-c(\d+)$/;

export function crashRunId(life: number, n: number, documents: number, columns: number): string {
  return `r-${life}-${n}-d${documents}-c${columns}`;
}

/** Words that appear in this run alone (one in the query, one in the last document). */
export function uniqueWords(id: string): { query: string; document: string } {
  const [, life, n] = parse(id);
  return { query: `crashq${life}x${n}`, document: `crashd${life}x${n}` };
}

const CONFIGS: readonly PipelineConfig[] = [
  {
    version: 1,
    name: 'cohere',
    strategy: 'dedicated-model',
    provider: 'cohere',
    model: 'rerank-v3.5',
  },
  {
    version: 1,
    name: 'bm25',
    strategy: 'heuristic',
    params: { method: 'bm25', k1: 1.2, b: 0.75 },
  },
  {
    version: 1,
    name: 'jina',
    strategy: 'dedicated-model',
    provider: 'jina',
    model: 'jina-reranker-v2-base-multilingual',
  },
  {
    version: 1,
    name: 'voyage',
    strategy: 'dedicated-model',
    provider: 'voyage',
    model: 'rerank-2',
    topN: 5,
  },
];

const WORDS = (
  'rank passage query document relevance score model retrieval index vector dense sparse ' +
  'lexical semantic token embedding cross encoder latency budget recall precision cutoff ' +
  'fusion reciprocal weight boost freshness title body chunk overlap window context answer ' +
  'question evidence citation source archive report policy contract invoice manual guide'
).split(' ');

/** The run a complete save of `id` leaves in the history (every optional field varies). */
export function crashRun(id: string): SavedRunInput {
  const [, , , documentCount, columnCount] = parse(id);
  const random = mulberry32(hash(id));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const unique = uniqueWords(id);

  const documents: SavedDocument[] = Array.from({ length: documentCount }, (_, index) => {
    // 15 to 120 words: from a title-sized snippet to a long paragraph.
    let text = words(15 + Math.floor(random() * 106));
    if (index === documentCount - 1) text += ` ${unique.document}`;
    const withId = random() < 0.7;
    const withMetadata = random() < 0.5;
    return {
      text,
      ...(withId ? { id: `doc-${index}` } : {}),
      ...(withMetadata ? { metadata: { page: index + 1, source: pick(WORDS) } } : {}),
    };
  });
  const query = `${words(3 + Math.floor(random() * 6))} ${unique.query}`;
  const columns = Array.from({ length: columnCount }, (_, position) =>
    crashColumn(
      CONFIGS[(hash(id) + position) % CONFIGS.length]!,
      position,
      query,
      documents,
      random,
    ),
  );
  const cancelled = random() < 0.1;
  const instruction = random() < 0.5 ? words(8) : undefined;
  const topN = random() < 0.5 ? 1 + Math.floor(random() * documentCount) : undefined;
  return {
    id,
    createdAt: Date.UTC(2025, 0, 1) + hash(id),
    source: pick(['playground', 'evaluation', 'cli', 'server'] as const),
    status: cancelled ? 'cancelled' : 'completed',
    query,
    ...(instruction !== undefined ? { instruction } : {}),
    documents,
    columns,
    ...(topN !== undefined ? { topN } : {}),
    durationMs: round(random() * 2000),
    ...(random() < 0.3 ? { warnings: [`repaired text in document ${documentCount - 1}`] } : {}),
  };
}

/** A column as the engine reports it; a provider column carries its wire exchange. */
function crashColumn(
  config: PipelineConfig,
  position: number,
  query: string,
  documents: SavedDocument[],
  random: () => number,
): SavedColumn {
  const failed = random() < 0.1;
  const latencyMs = round(random() * 800);
  const results: RankedResult[] = failed
    ? []
    : documents
        .map((document, index) => {
          const score = round(random());
          return {
            index,
            ...(document.id !== undefined ? { id: document.id } : {}),
            score,
            rawScore: score,
          };
        })
        .sort((a, b) => b.score - a.score);
  const result: ColumnResult = {
    columnId: `${config.name}-${position}`,
    name: config.name,
    status: failed ? 'error' : 'ok',
    results,
    latencyMs,
    warnings: failed ? [`${config.name} did not finish`] : [],
    ...(failed
      ? { error: { code: 'upstream' as const, message: `${config.name} answered 503` } }
      : {}),
  };
  if (config.provider) {
    Object.assign(result, {
      scoreKind: 'probability',
      calls: 1,
      retries: 0,
      usage: { searchUnits: 1 },
      cost: { usd: 0.002, basis: 'per-search', detail: '1 search × $2.00/1,000' },
      wire: [
        {
          attempt: 1,
          method: 'POST',
          url: `https://api.${config.provider}.example/v1/rerank`,
          requestHeaders: { authorization: 'Bearer ••••abcd', 'content-type': 'application/json' },
          requestBody: JSON.stringify({
            model: config.model,
            query,
            documents: documents.map((document) => document.text),
          }),
          status: failed ? 503 : 200,
          responseHeaders: { 'content-type': 'application/json' },
          responseBody: failed
            ? '{"message":"service unavailable"}'
            : JSON.stringify({
                results: results.map((r) => ({ index: r.index, relevance_score: r.rawScore })),
              }),
          durationMs: latencyMs,
          curlAuth: {
            credentialHeaders: {
              authorization: `Bearer $${config.provider.toUpperCase()}_API_KEY`,
            },
          },
        },
      ],
    } satisfies Partial<ColumnResult>);
  }
  return { config, result };
}

/**
 * Saves runs until killed. `life` numbers this child among those the test started, so run ids
 * never repeat across children (a process id could be reused).
 */
export function writeRuns(file: string, life: number): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('opening');
  const { db, notices } = openHistoryDatabase(file);
  for (const notice of notices) say(`notice ${notice.replaceAll('\n', ' ')}`);
  const store = createHistoryStore(db);
  say('ready');
  const random = mulberry32(life + 1);
  let n = 0;
  const next = () => {
    const id = crashRunId(life, n++, 3 + Math.floor(random() * 10), 2 + Math.floor(random() * 3));
    const run = crashRun(id);
    say(`begin ${id}`);
    store.saveRun(run);
    say(`saved ${id}`);
    // Back to the event loop between saves, as the app does (and so stdout can drain).
    setImmediate(next);
  };
  next();
}

function parse(id: string): [string, number, number, number, number] {
  const match = CRASH_RUN_ID.exec(id);
  if (!match) throw new Error(`${id} is not a crash-test run id`);
  return [id, Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
}

/** FNV-1a: a stable 32-bit seed from a run id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
