// A loopback server that speaks the part of the Hugging Face Hub's API model downloads use
// (`/api/models/<org>/<name>/tree/main` and `/<org>/<name>/resolve/main/<file>` with Range),
// serving one model folder under any id. Used by the store tests and e2e, so downloads are
// tested without a network. Plain JavaScript, like web-host-process.mjs, so both can load it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

/**
 * `repo`: the folder served (e.g. one written by `writeTinyCrossEncoder`). `bytesPerTick`:
 * when set, file bodies trickle out that many bytes every 20 ms, so a test can watch the
 * progress and cancel; `setBytesPerTick(undefined)` sends the next files at once.
 */
export async function startModelHub({ repo, bytesPerTick } = {}) {
  const files = new Map();
  for (const entry of readdirSync(repo, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(repo, full).split(path.sep).join('/'), readFileSync(full));
  }
  let trickle = bytesPerTick;
  /** Every request: `{ path, range }`. */
  const requests = [];
  /** Bytes sent so far of the response being trickled out, and its length. */
  let trickling;
  const listing = [...files].map(([file, body]) => ({
    type: 'file',
    path: file,
    size: body.length,
    ...(file.endsWith('.onnx')
      ? { lfs: { oid: createHash('sha256').update(body).digest('hex') } }
      : {}),
  }));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    requests.push({ path: url.pathname, range: req.headers.range });
    if (/^\/api\/models\/[^/]+\/[^/]+\/tree\/main$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      return;
    }
    const match = /^\/[^/]+\/[^/]+\/resolve\/main\/(.+)$/.exec(url.pathname);
    const body = match ? files.get(match[1]) : undefined;
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const rest = body.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, { 'content-length': rest.length });
    const step = trickle;
    if (!step) {
      res.end(rest);
      return;
    }
    let at = 0;
    const state = { path: match[1], sent: 0, size: rest.length };
    trickling = state;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(rest.subarray(at, at + step));
      at += step;
      state.sent = Math.min(at, rest.length);
      if (at >= rest.length) {
        clearInterval(timer);
        res.end();
      }
    }, 20);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** The files served, by path in the repository. */
    files,
    /**
     * True while a trickled file is part-way: at least `sent` bytes out and `left` still to
     * go, so a cancel now leaves a partial file for the next attempt to resume.
     */
    partWay({ sent = 128, left = 256 } = {}) {
      return (
        trickling !== undefined && trickling.sent >= sent && trickling.size - trickling.sent >= left
      );
    },
    setBytesPerTick(value) {
      trickle = value;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
