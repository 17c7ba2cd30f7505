/**
 * Downloading a model from the Hugging Face Hub (or a mirror with the same API) into the
 * models folder: list the repository, fetch the files transformers.js needs for the chosen
 * dtypes into `.downloads/<org>/<name>/`, resume a partial file with a Range request, check
 * every file's size and (for LFS files) SHA-256, and only then move them into place. A file
 * that arrives corrupt is deleted, so the next attempt starts it clean.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { trackTimeLeft, type TimeLeftTracker } from '../../shared/progress/time-left';
import type { DownloadProgress } from '../../shared/contract/models';
import { ONNX_FILES, REQUIRED_FILES, type ModelDtype } from '../inference/model-files';
import { ModelStoreError, STAGING } from './store';

export const DEFAULT_HUB = 'https://huggingface.co';
/** Also fetched when the repository has them; transformers.js reads them if present. */
const OPTIONAL_FILES = ['special_tokens_map.json', 'generation_config.json'];
/** Progress events at most this often per download. */
const PROGRESS_INTERVAL_MS = 100;

interface RepoFile {
  path: string;
  size: number;
  sha256?: string;
}

export interface DownloadRequest {
  id: string;
  dtypes: ModelDtype[];
  hubUrl: string;
  modelsDir: string;
  signal: AbortSignal;
  onProgress: (progress: DownloadProgress) => void;
  /** The clock the progress throttle and the time left read (milliseconds); tests inject one. */
  now?: () => number;
}

export class DownloadCancelled extends Error {
  override name = 'DownloadCancelled';
}

export async function downloadModel(job: DownloadRequest): Promise<void> {
  const hub = job.hubUrl.replace(/\/+$/, '');
  const staging = path.join(job.modelsDir, STAGING, ...job.id.split('/'));
  const target = path.join(job.modelsDir, ...job.id.split('/'));
  let received = 0;
  let total = 0;
  let lastEvent = -Infinity;
  const clock = job.now ?? (() => performance.now());
  // Bytes per second over what arrives in this attempt: bytes kept from an earlier attempt
  // count as done when the clock starts, not as speed.
  let rate: TimeLeftTracker | undefined;
  const report = (phase: DownloadProgress['phase'], file?: string, force = false) => {
    const now = clock();
    if (!force && now - lastEvent < PROGRESS_INTERVAL_MS) return;
    lastEvent = now;
    let timing: Pick<DownloadProgress, 'bytesPerSecond' | 'etaMs'> = {};
    if (phase === 'downloading' || phase === 'verifying') {
      rate ??= trackTimeLeft(clock);
      const etaMs = rate.observe(received, total);
      const bytesPerSecond = rate.ratePerSecond();
      if (etaMs !== undefined && bytesPerSecond !== undefined) timing = { bytesPerSecond, etaMs };
    }
    job.onProgress({
      id: job.id,
      phase,
      receivedBytes: received,
      totalBytes: total,
      ...(file ? { file } : {}),
      ...timing,
    });
  };

  report('listing', undefined, true);
  const files = chooseFiles(job.id, job.dtypes, await listRepository(hub, job.id, job.signal));
  total = files.reduce((sum, file) => sum + file.size, 0);
  await mkdir(staging, { recursive: true });
  for (const file of files) {
    const partial = path.join(staging, `${file.path}.part`);
    const done = path.join(staging, file.path);
    if (existsSync(done) && (await stat(done)).size === file.size) {
      received += file.size;
      continue;
    }
    await mkdir(path.dirname(partial), { recursive: true });
    const have = existsSync(partial) ? (await stat(partial)).size : 0;
    received += Math.min(have, file.size);
    report('downloading', file.path, true);
    if (have < file.size) {
      await fetchFile(
        `${hub}/${job.id}/resolve/main/${file.path}`,
        partial,
        have,
        job.signal,
        (bytes) => {
          received += bytes;
          report('downloading', file.path);
        },
      );
    }
    report('verifying', file.path, true);
    await verify(partial, file);
    await rename(partial, done);
  }
  for (const file of files) {
    const destination = path.join(target, file.path);
    await mkdir(path.dirname(destination), { recursive: true });
    await rename(path.join(staging, file.path), destination);
  }
  await rm(staging, { recursive: true, force: true });
  report('done', undefined, true);
}

async function listRepository(hub: string, id: string, signal: AbortSignal): Promise<RepoFile[]> {
  const url = `${hub}/api/models/${id}/tree/main?recursive=true`;
  const response = await send(url, {}, signal);
  const text = await response.body.text();
  if (response.statusCode === 404 || response.statusCode === 401) {
    throw new ModelStoreError(`${hub} has no model "${id}" (or it needs a login)`);
  }
  if (response.statusCode !== 200) {
    throw new ModelStoreError(`${hub} answered ${response.statusCode} listing ${id}`);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    throw new ModelStoreError(`${hub} did not answer with a file list for ${id}`);
  }
  if (!Array.isArray(entries))
    throw new ModelStoreError(`${hub} did not answer with a file list for ${id}`);
  return entries.flatMap(
    (entry: { type?: unknown; path?: unknown; size?: unknown; lfs?: { oid?: unknown } }) =>
      entry.type === 'file' && typeof entry.path === 'string' && typeof entry.size === 'number'
        ? [
            {
              path: entry.path,
              size: entry.size,
              ...(typeof entry.lfs?.oid === 'string' ? { sha256: entry.lfs.oid } : {}),
            },
          ]
        : [],
  );
}

/** The files transformers.js needs for these dtypes (plus an ONNX file's external data). */
function chooseFiles(id: string, dtypes: ModelDtype[], listing: RepoFile[]): RepoFile[] {
  const byPath = new Map(listing.map((file) => [file.path, file]));
  const wanted = [...REQUIRED_FILES, ...dtypes.map((dtype) => ONNX_FILES[dtype])];
  const missing = wanted.filter((file) => !byPath.has(file));
  if (missing.length > 0) {
    throw new ModelStoreError(`${id} on the Hub has no ${missing.join(', ')}; it cannot run here`);
  }
  const extra = [...OPTIONAL_FILES, ...dtypes.map((dtype) => `${ONNX_FILES[dtype]}_data`)].filter(
    (file) => byPath.has(file),
  );
  return [...wanted, ...extra].map((file) => byPath.get(file)!);
}

async function fetchFile(
  url: string,
  partial: string,
  have: number,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const response = await send(url, have > 0 ? { range: `bytes=${have}-` } : {}, signal);
  if (response.statusCode !== 200 && response.statusCode !== 206) {
    await response.body.dump();
    throw new ModelStoreError(`${url} answered ${response.statusCode}`);
  }
  // A server that ignores Range sends the whole file: start it over rather than append.
  const append = have > 0 && response.statusCode === 206;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      response.body,
      counter,
      createWriteStream(partial, { flags: append ? 'a' : 'w' }),
      { signal },
    );
  } catch (error) {
    if (signal.aborted) throw new DownloadCancelled('cancelled');
    throw new ModelStoreError(
      `the download of ${path.basename(partial, '.part')} broke off (${(error as Error).message}); try again to resume it`,
    );
  }
}

async function verify(file: string, expected: RepoFile): Promise<void> {
  const name = expected.path;
  const size = (await stat(file)).size;
  if (size !== expected.size) {
    await rm(file, { force: true });
    throw new ModelStoreError(
      `${name} arrived with ${size} bytes instead of ${expected.size}; it was deleted, try again`,
    );
  }
  if (!expected.sha256) return;
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  if (hash.digest('hex') !== expected.sha256) {
    await rm(file, { force: true });
    throw new ModelStoreError(
      `${name} arrived corrupt (its SHA-256 does not match the Hub's); it was deleted, try again`,
    );
  }
}

/** The Hub redirects file downloads to its CDN; model downloads follow (provider calls never do). */
let hubDispatcher: Dispatcher | undefined;

async function send(url: string, headers: Record<string, string>, signal: AbortSignal) {
  hubDispatcher ??= new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));
  try {
    return await request(url, {
      headers: { 'user-agent': 'rerank-studio', ...headers },
      signal,
      dispatcher: hubDispatcher,
    });
  } catch (error) {
    if (signal.aborted) throw new DownloadCancelled('cancelled');
    throw new ModelStoreError(
      `${new URL(url).origin} could not be reached (${(error as Error).message})`,
    );
  }
}
