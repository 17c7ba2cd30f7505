/**
 * Downloads from a loopback server that speaks the Hub's API (`/api/models/<id>/tree/main`,
 * `/<id>/resolve/main/<file>` with Range), through the contract: progress, cancel and resume,
 * a missing file, a corrupt file, and the model then ranking a column.
 */
import { createHash } from 'node:crypto';
import {
  readdirSync,
  readFileSync,
  mkdtempSync,
  rmSync,
  existsSync,
  statSync,
  watch,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch';
import type { DownloadProgress } from '../../shared/contract/models';
import { createServices, type Services } from '../composition/compose';
import { writeTinyCrossEncoder } from '../../testkit/models/tiny-cross-encoder';

const ID = 'tests/hub-tiny';
const work = mkdtempSync(path.join(tmpdir(), 'rerank-studio-hub-'));
const repo = writeTinyCrossEncoder(path.join(work, 'repo'));
const files = new Map<string, Buffer>();
for (const entry of readdirSync(repo, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const full = path.join(entry.parentPath, entry.name);
  files.set(path.relative(repo, full).split(path.sep).join('/'), readFileSync(full));
}

interface Hub {
  url: string;
  ranges: (string | undefined)[];
  /** Per-file overrides: a body to send instead (corruption), or bytes per second (slow). */
  tamper: Map<string, Buffer>;
  slowBytesPerTick?: number;
  hide?: string;
  close(): Promise<void>;
}

async function startHub(): Promise<Hub> {
  const hub: Hub = { url: '', ranges: [], tamper: new Map(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (url.pathname === `/api/models/${ID}/tree/main`) {
      const listing = [...files]
        .filter(([file]) => file !== hub.hide)
        .map(([file, body]) => ({
          type: 'file',
          path: file,
          size: body.length,
          ...(file.endsWith('.onnx')
            ? { lfs: { oid: createHash('sha256').update(body).digest('hex') } }
            : {}),
        }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      return;
    }
    const prefix = `/${ID}/resolve/main/`;
    const file = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    const original = files.get(file);
    if (!original) return void res.writeHead(404).end('not found');
    const body = hub.tamper.get(file) ?? original;
    hub.ranges.push(req.headers.range);
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    res.writeHead(start > 0 ? 206 : 200, { 'content-length': body.length - start });
    const rest = body.subarray(start);
    if (!hub.slowBytesPerTick) return void res.end(rest);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(rest.subarray(at, at + hub.slowBytesPerTick!));
      at += hub.slowBytesPerTick!;
      if (at >= rest.length) {
        clearInterval(timer);
        res.end();
      }
    }, 10);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hub;
}

let hub: Hub;
let services: Services;
let dataDir: string;
const events: DownloadProgress[] = [];
const waiters: { match: (event: DownloadProgress) => boolean; resolve: () => void }[] = [];

/** Resolves once a progress event that matches has been reported (already, or later). */
function reported(match: (event: DownloadProgress) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (events.some(match)) resolve();
    else waiters.push({ match, resolve });
  });
}

/** Resolves once `file` holds bytes on disk, told by a watch on its folder. */
function holdsBytes(file: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (existsSync(file) && statSync(file).size > 0) {
        watcher.close();
        resolve();
      }
    };
    const watcher = watch(path.dirname(file), check);
    check();
  });
}

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(async () => {
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
  hub.tamper.clear();
  hub.ranges.length = 0;
  hub.slowBytesPerTick = undefined;
  hub.hide = undefined;
  events.length = 0;
  waiters.length = 0;
});

function start() {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-dl-'));
  services = createServices({ host: 'test', dataDir, env: { HF_ENDPOINT: hub.url } });
  services.events.subscribe((event, payload) => {
    if (event !== 'model:download') return;
    const progress = payload as DownloadProgress;
    events.push(progress);
    for (const waiter of waiters.filter((w) => w.match(progress))) waiter.resolve();
  });
}
const download = () => dispatch(services.handlers, 'models:download', { id: ID });

describe('models:download', () => {
  it('fetches the files, reports progress, and installs the model', async () => {
    start();
    const result = await download();
    expect(result).toMatchObject({ ok: true, value: { model: { id: ID, dtypes: ['fp32'] } } });
    const phases = events.map((e) => e.phase);
    expect(phases[0]).toBe('listing');
    expect(phases.at(-1)).toBe('done');
    const total = [...files.values()].reduce((n, b) => n + b.length, 0);
    expect(events.at(-1)).toMatchObject({ receivedBytes: total, totalBytes: total });
    const received = events.map((e) => e.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(existsSync(path.join(dataDir, 'models', '.downloads', 'tests', 'hub-tiny'))).toBe(false);
    const listed = await dispatch(services.handlers, 'models:list', {});
    expect(
      listed.ok && (listed.value as { installed: { id: string }[] }).installed.map((m) => m.id),
    ).toEqual([ID]);
  });

  it('tells the time left from the smoothed bytes per second, as the bytes arrive', async () => {
    start();
    // ~6 kB/s: the 8 kB model takes over a second, so the 100 ms throttle lets several through.
    hub.slowBytesPerTick = 64;
    expect((await download()).ok).toBe(true);
    const timed = events.filter((e) => e.phase === 'downloading' && e.etaMs !== undefined);
    expect(timed.length).toBeGreaterThanOrEqual(3);
    const remaining = timed.map((e) => e.totalBytes - e.receivedBytes);
    // In order, with less left each time (equal only when a file boundary repeats a count).
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(remaining[0]).toBeGreaterThan(remaining.at(-1)!);
    for (const event of timed) {
      expect(event.bytesPerSecond).toBeGreaterThan(0);
      // The estimate is the bytes left at the reported rate: the same arithmetic, both ways.
      expect(event.etaMs).toBeCloseTo(
        ((event.totalBytes - event.receivedBytes) / event.bytesPerSecond!) * 1000,
        6,
      );
    }
    // Before any byte arrives there is no rate, so no estimate.
    const first = events.find((e) => e.phase === 'downloading');
    expect(first).toMatchObject({ receivedBytes: 0 });
    expect(first?.etaMs).toBeUndefined();
  });

  it('cancels, then resumes the partial file with a Range request', async () => {
    start();
    hub.slowBytesPerTick = 64;
    const running = download();
    // Cancelled once part of the model is on disk, so there is something to resume.
    await reported((e) => e.phase === 'downloading' && e.file === 'onnx/model.onnx');
    await holdsBytes(
      path.join(dataDir, 'models', '.downloads', 'tests', 'hub-tiny', 'onnx', 'model.onnx.part'),
    );
    expect(await dispatch(services.handlers, 'models:cancel-download', { id: ID })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(events.at(-1)?.phase).toBe('cancelled');

    hub.slowBytesPerTick = undefined;
    const resumed = await download();
    expect(resumed.ok).toBe(true);
    expect(hub.ranges.some((range) => range !== undefined && /^bytes=[1-9]\d*-$/.test(range))).toBe(
      true,
    );
  });

  it('says which file the repository lacks', async () => {
    start();
    hub.hide = 'tokenizer.json';
    expect(await download()).toMatchObject({
      ok: false,
      error: { message: `${ID} on the Hub has no tokenizer.json; it cannot run here` },
    });
  });

  it('deletes a corrupt file and gets it clean on the next try', async () => {
    start();
    const model = files.get('onnx/model.onnx')!;
    hub.tamper.set(
      'onnx/model.onnx',
      Buffer.from(model.map((byte, i) => (i === 10 ? byte ^ 0xff : byte))),
    );
    expect(await download()).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^onnx\/model\.onnx arrived corrupt/) as unknown },
    });
    hub.tamper.clear();
    expect((await download()).ok).toBe(true);
  });

  it('names the Hub that has no such model', async () => {
    start();
    expect(
      await dispatch(services.handlers, 'models:download', { id: 'tests/absent' }),
    ).toMatchObject({
      ok: false,
      error: { message: `${hub.url} has no model "tests/absent" (or it needs a login)` },
    });
  });
});
