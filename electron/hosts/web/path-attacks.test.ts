/**
 * Attacks on the paths a page can name (issue 18, item 1), made as a holder of the web host's
 * launch token would make them — a compromised page, an extension — over the real HTTP API:
 * reading the environment through `/proc`, the first line of any file, existence probes, and a
 * model import from anywhere. Every operation of the contract that takes a path is tried.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../../shared/contract';
import { labelledJsonl } from '../../../shared/evaluation/labelled-sample';
import { createServices, type Services } from '../../composition/compose';
import { startWebHost, type WebHost } from './web-server';

const CANARY = `rk-CANARY-path-${Math.random().toString(36).slice(2, 14)}`;
let host: WebHost;
let services: Services;
let root: string;
/** A folder the user never chose, holding what an attacker wants. */
let outside: string;
/** A folder the user chose (as `--allow-folder` or a dialog grants it). */
let chosen: string;
let sleeper: ReturnType<typeof spawn>;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'rerank-studio-path-attacks-'));
  outside = path.join(root, 'outside');
  chosen = path.join(root, 'chosen');
  mkdirSync(outside);
  mkdirSync(chosen);
  writeFileSync(path.join(outside, '.env'), `API_KEY=${CANARY}\nOTHER=1\n`);
  writeFileSync(path.join(outside, 'set.jsonl'), labelledJsonl());
  mkdirSync(path.join(outside, 'model'));
  writeFileSync(path.join(outside, 'model', 'config.json'), `{"secret": "${CANARY}"`);
  // The user's own folder: a set, a header-only CSV whose first line is long, a binary file.
  writeFileSync(path.join(chosen, 'set.jsonl'), labelledJsonl());
  writeFileSync(path.join(chosen, 'notes.csv'), `${CANARY},${'x'.repeat(200)}\n1,2\n`);
  writeFileSync(path.join(chosen, 'bad.jsonl'), `TOKEN=${CANARY}\n`);
  writeFileSync(path.join(chosen, 'blob.csv'), Buffer.from([0x71, 0, 0x2c, 0x64, 0x0a, 0, 1]));
  // Another process of the same user, with the canary in its environment.
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
    env: { PATH: process.env.PATH, SLEEPER_KEY: CANARY },
    stdio: 'ignore',
  });
  services = createServices({ host: 'web', dataDir: path.join(root, 'data'), historyDir: false });
  host = await startWebHost({ services, rendererDir: root });
});

afterAll(async () => {
  sleeper.kill();
  await host.close();
  await services.close();
  rmSync(root, { recursive: true, force: true });
});

async function api(name: string, body: unknown) {
  const response = await fetch(`${host.origin}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Nothing of the canary, of the environment, or of the files' first lines. */
function expectNothingLeaked(text: string) {
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain('API_KEY');
  expect(text).not.toContain('SLEEPER_KEY');
  expect(text).not.toContain(`PATH=${process.env.PATH}`);
}

/** The requests that name `file` in each path field of the contract. */
const pathRequests = (file: string): [string, unknown][] => [
  ['eval:import', { path: file, format: 'csv' }],
  ['eval:import', { path: file, format: 'jsonl' }],
  ['eval:import', { path: file }],
  ['eval:import', { path: path.join(chosen, 'set.jsonl'), qrelsPath: file }],
  ['models:import', { path: file }],
  ['workspace:open', { path: file }],
  ['workspace:read-file', { path: file }],
];

describe('paths named by a page (web host, with its token)', () => {
  it('knows every operation of the contract that takes a path', () => {
    // A new operation with a path field must be added to the attacks below (and to the grants).
    // `workspace:autosave.path` is only kept (the file the workspace belongs to) and never read:
    // saving to it later is a `workspace:save`, which needs the grant.
    const withPaths = Object.entries(operations).flatMap(([name, { request }]) => {
      const shape = (request as { shape?: Record<string, unknown> }).shape ?? {};
      return Object.keys(shape)
        .filter((field) => /path/i.test(field))
        .map((field) => `${name}.${field}`);
    });
    expect(withPaths.sort()).toEqual([
      'eval:import.path',
      'eval:import.qrelsPath',
      'models:import.path',
      'workspace:autosave.path',
      'workspace:open.path',
      'workspace:read-file.path',
      'workspace:save.path',
    ]);
  });

  it('reads no environment through /proc, of this process or another', async () => {
    for (const file of ['/proc/self/environ', `/proc/${sleeper.pid}/environ`, '/proc/self']) {
      for (const [name, body] of pathRequests(file)) {
        const answer = await api(name, body);
        expect(answer.status, `${name} ${JSON.stringify(body)}`).not.toBe(200);
        expectNothingLeaked(answer.text);
      }
    }
  });

  it('reads no file, and no line of one, outside what the user chose', async () => {
    for (const file of [path.join(outside, '.env'), path.join(outside, 'model')]) {
      for (const [name, body] of pathRequests(file)) {
        const answer = await api(name, body);
        expect(answer.status, `${name} ${JSON.stringify(body)}`).not.toBe(200);
        expectNothingLeaked(answer.text);
      }
    }
    // Nothing was imported from there either, whatever its shape.
    expect((await api('eval:import', { path: path.join(outside, 'set.jsonl') })).status).toBe(404);
    const models = await api('models:list', {});
    expect(JSON.parse(models.text)).toMatchObject({ ok: true, value: { installed: [] } });
  });

  it('answers an ungranted path exactly as a missing one: no existence probe', async () => {
    services.grants.grant(chosen, 'folder');
    const answers = async (file: string) =>
      Promise.all(
        pathRequests(file).map(async ([name, body]) => {
          const { status, text } = await api(name, body);
          return `${status} ${text.replaceAll(JSON.stringify(file).slice(1, -1), '<path>')}`;
        }),
      );
    const missing = await answers(path.join(outside, 'no-such-file'));
    expect(await answers(path.join(outside, '.env'))).toEqual(missing);
    expect(await answers(outside)).toEqual(missing);
    expect(await answers('/etc/hostname')).toEqual(missing);
    // And under a chosen folder, a missing file answers the same way too.
    expect(await answers(path.join(chosen, 'no-such-file'))).toEqual(missing);
  });

  it('imports what the user chose, and quotes at most a short excerpt of it', async () => {
    services.grants.grant(chosen, 'folder');
    const set = await api('eval:import', { path: path.join(chosen, 'set.jsonl') });
    expect(JSON.parse(set.text)).toMatchObject({ ok: true, value: { queries: 4 } });

    // A CSV whose header is not a set's: the message quotes a bounded excerpt, not the line.
    const csv = await api('eval:import', { path: path.join(chosen, 'notes.csv') });
    expect(csv.status).toBe(400);
    const csvMessage = (JSON.parse(csv.text) as { error: { message: string } }).error.message;
    expect(csvMessage).toMatch(/the header needs a "query" column/);
    expect(csvMessage).not.toContain('x'.repeat(41));
    // JSON Lines: the reason, not V8's excerpt of the line.
    const jsonl = await api('eval:import', { path: path.join(chosen, 'bad.jsonl') });
    expect(jsonl.status).toBe(400);
    expect(jsonl.text).not.toContain('TOKEN=');
    // A binary file is not a dataset, whatever its name says.
    const blob = await api('eval:import', { path: path.join(chosen, 'blob.csv') });
    expect(JSON.parse(blob.text)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('is not a text file') as unknown },
    });
  });

  it('refuses /proc even when a folder above it was granted', async () => {
    // The last test of the file: grants are only ever added to.
    services.grants.grant('/', 'folder');
    for (const file of ['/proc/self/environ', `/proc/${sleeper.pid}/environ`, '/dev/stdin']) {
      for (const format of ['csv', 'jsonl'] as const) {
        const answer = await api('eval:import', { path: file, format });
        expect(answer.status).toBe(400);
        expect(answer.text).toContain('is not a dataset file');
        expectNothingLeaked(answer.text);
      }
      for (const name of ['workspace:read-file', 'workspace:open', 'models:import']) {
        const answer = await api(name, { path: file });
        expect(answer.status).toBe(400);
        expect(answer.text).toContain('is a system file');
        expectNothingLeaked(answer.text);
      }
    }
  });
});
