/**
 * The servers the server benchmark loads, in a process of their own so the load generator does
 * not share their event loop: our server serving the BM25 config (tokens on, history off, a
 * JSON log line per request written to a discarding sink, as in production minus the disk),
 * and a bare node:http server that reads the body and returns a fixed Cohere-shaped answer:
 * the ceiling of what any Node server can do here. Prints their URLs as one JSON line.
 */
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createServices } from '../services/compose';
import { jsonLinesLog } from '../hosts/server/log';
import { startRerankServer } from '../hosts/server/server';
import { BENCH_TOKEN } from './server-worker-token';

const services = createServices({ host: 'server', dataDir: tmpdir(), env: {}, historyDir: false });
const sink = createWriteStream('/dev/null');
const ours = await startRerankServer({
  services,
  pipelines: [
    {
      key: 'bm25',
      config: { version: 1, name: 'bm25', key: 'bm25', strategy: 'heuristic' },
      file: 'bench',
    },
  ],
  tokens: [BENCH_TOKEN],
  port: 0,
  log: jsonLinesLog((line) => sink.write(line)),
});

const FIXED = JSON.stringify({
  id: '00000000-0000-0000-0000-000000000000',
  results: Array.from({ length: 20 }, (_, index) => ({ index, relevance_score: 1 - index / 20 })),
  meta: { api_version: { version: '1' }, reranker: 'bm25', strategy: 'heuristic', latency_ms: 0.1 },
});
const bare = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(FIXED),
    });
    res.end(FIXED);
  });
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({ ours: ours.url, bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` })}\n`,
);
process.on('SIGTERM', () => {
  void Promise.all([
    ours.close(),
    services.close(),
    new Promise((resolve) => bare.close(resolve)),
  ]).then(() => process.exit(0));
});
