/**
 * Builders for the history tests: real database files in a temporary folder, and runs that
 * look like what the engine produces (wire exchanges, usage, cost, errors included).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ColumnResult } from '../../shared/contract/schemas';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { openHistoryDatabase, type OpenHistoryOptions } from './db';
import type { SavedColumn, SavedRunInput } from '../../shared/history/saved-run';
import { createHistoryStore } from './store';

/** A fresh folder per test file; `cleanup` removes it (open connections do not block that). */
export function tempFolder(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `rerank-studio-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openStore(file: string, options?: OpenHistoryOptions) {
  const opened = openHistoryDatabase(file, options);
  return { ...opened, store: createHistoryStore(opened.db) };
}

export const COHERE: PipelineConfig = {
  version: 1,
  name: 'cohere',
  strategy: 'dedicated-model',
  provider: 'cohere',
  model: 'rerank-v3.5',
};

export const BM25: PipelineConfig = {
  version: 1,
  name: 'bm25',
  strategy: 'heuristic',
  params: { method: 'bm25', k1: 1.2, b: 0.75 },
};

export const JINA: PipelineConfig = {
  version: 1,
  name: 'jina',
  strategy: 'dedicated-model',
  provider: 'jina',
  model: 'jina-reranker-v2-base-multilingual',
};

interface ColumnOptions {
  id?: string;
  status?: ColumnResult['status'];
  latencyMs?: number;
}

/** A column as the engine reports it; a provider column carries one wire exchange. */
export function column(config: PipelineConfig, options: ColumnOptions = {}): SavedColumn {
  const { id = config.name, status = 'ok', latencyMs = 12.5 } = options;
  const result: ColumnResult = {
    columnId: id,
    name: config.name,
    status,
    results:
      status === 'ok'
        ? [
            { index: 1, id: 'b', score: 0.91, rawScore: 0.91 },
            { index: 0, id: 'a', score: 0.15, rawScore: 0.15 },
          ]
        : [],
    latencyMs,
    warnings: status === 'ok' ? [] : [`${config.name} did not finish`],
    ...(status === 'error'
      ? { error: { code: 'upstream' as const, message: `${config.name} answered 503` } }
      : {}),
  };
  if (config.provider && config.provider !== 'local') {
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
          url: 'https://api.cohere.com/v2/rerank',
          requestHeaders: { authorization: 'Bearer ••••abcd', 'content-type': 'application/json' },
          requestBody: JSON.stringify({ model: config.model, query: 'q', documents: ['a', 'b'] }),
          status: status === 'error' ? 503 : 200,
          responseHeaders: { 'content-type': 'application/json' },
          responseBody: '{"results":[{"index":1,"relevance_score":0.91}]}',
          durationMs: latencyMs,
          curlAuth: { credentialHeaders: { authorization: 'Bearer $COHERE_API_KEY' } },
        },
      ],
    } satisfies Partial<ColumnResult>);
  }
  return { config, result };
}

/** A complete run; every optional field is filled unless overridden. */
export function sampleRun(overrides: Partial<SavedRunInput> = {}): SavedRunInput {
  return {
    id: 'run-1',
    createdAt: Date.UTC(2025, 0, 15, 9, 30),
    source: 'playground',
    status: 'completed',
    query: 'how does okapi BM25 rank passages',
    instruction: 'Prefer passages that define the term',
    documents: [
      { id: 'a', text: 'BM25 is a bag-of-words ranking function.', metadata: { year: 1994 } },
      { id: 'b', text: 'Okapi BM25 ranks documents by term frequency and length.' },
    ],
    columns: [column(COHERE), column(BM25, { latencyMs: 0.4 })],
    topN: 10,
    durationMs: 431.25,
    warnings: ['top_n 10 is more than the 2 documents; all are returned'],
    ...overrides,
  };
}

/**
 * Writes at `file` a history of 60 runs whose second half of pages is overwritten, as a failing
 * disk would leave it: the schema reads, `quick_check` fails. Returns the damaged bytes.
 */
export function writeDamagedHistory(file: string): Buffer {
  const source = openStore(`${file}.source`);
  for (let i = 0; i < 60; i++) {
    source.store.saveRun(sampleRun({ id: `run-${i}`, query: `query ${i} ${'words '.repeat(80)}` }));
  }
  // A copy no connection has open, then damage to the second half of its pages.
  source.db.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  source.db.close();
  const bytes = readFileSync(file);
  const pageSize = 4096;
  const pages = bytes.length / pageSize;
  bytes.fill(0x5a, Math.floor(pages / 2) * pageSize, (pages - 1) * pageSize);
  writeFileSync(file, bytes);
  return bytes;
}
