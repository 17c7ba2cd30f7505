/**
 * One server of the server benchmark, in a process of its own (the benchmark starts one per
 * server, so neither shares an event loop, a heap or a core with the other or with the load
 * generator):
 *
 *   server-worker.mjs serve --config FILE --port 0   `rerank-studio serve` itself: the CLI's
 *                                                    entry, so flags, services, logging and
 *                                                    history are the default command's
 *   server-worker.mjs ceiling BODY                   a bare node:http server that reads the
 *                                                    body and returns BODY, a fixed answer:
 *                                                    the ceiling of what any Node server can
 *                                                    do here
 *   server-worker.mjs ceiling-json BODY              the same, but it parses the request as
 *                                                    JSON and writes BODY anew with a fresh
 *                                                    id: the floor of any JSON API in Node
 *
 * The ceiling prints its URL as one JSON line; `serve` prints its own `listening` log line.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const mode = process.argv[2];
if (mode === 'serve') {
  // The CLI's process entry reads the rest of argv (`serve --config …`) as any user's would.
  await import('../electron/hosts/cli/main');
} else if (mode === 'ceiling') {
  await startCeiling(false);
} else if (mode === 'ceiling-json') {
  await startCeiling(true);
} else {
  throw new Error(`server-worker: unknown mode ${mode}; serve or ceiling`);
}

async function startCeiling(json: boolean) {
  // The benchmark passes one of our server's real answers, so both put the same bytes on the wire.
  const FIXED = process.argv[3] ?? '{"id":"0","results":[],"meta":{}}';
  const answer = JSON.parse(FIXED) as Record<string, unknown>;
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let text = FIXED;
      if (json) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { documents: unknown[] };
        if (!Array.isArray(body.documents)) throw new Error('no documents');
        // Same length as ours: a UUID in place of the fixed one.
        text = JSON.stringify({ ...answer, id: randomUUID() });
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` })}\n`,
  );
  process.once('SIGTERM', () => bare.close(() => process.exit(0)));
}
