/**
 * The key canary, against backends that echo what they receive: every strategy that calls a
 * backend runs against one that answers 200 with the credentials it was sent (issue 18, item
 * 3: an LLM judge put the key in clear in `documentErrors[].message`, `run:progress`, the
 * history database, `history:get` and `history:export`). The key must reach the backend and
 * none of those places, whole or in part.
 *
 * Runs against the built web host as a child process, like the other canary in this folder.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { webHostClient } from '../../../testkit/renderer/web-host-client';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The parts of the loopback simulators (electron/testing) this test uses. */
interface Received {
  headers: Record<string, string>;
}
interface ProviderSimulator {
  baseUrl(provider: 'vertex'): string;
  script(
    provider: 'vertex',
    responses: { status: number; body: (received: Received) => unknown }[],
  ): void;
  readonly requests: Received[];
  close(): Promise<void>;
}
interface ChatSimulator {
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  readonly requests: Received[];
  close(): Promise<void>;
}

/** Loaded by URL, so the renderer's type program stays free of Node code. */
async function startSimulators(keys: { vertex: string; openai: string; anthropic: string }) {
  const providers = (await import(
    new URL('../../../testkit/provider-simulator/index.ts', import.meta.url).href
  )) as {
    startProviderSimulator(options: { keys: { vertex: string } }): Promise<ProviderSimulator>;
  };
  const chats = (await import(
    new URL('../../../testkit/llm-simulator/index.ts', import.meta.url).href
  )) as {
    startChatSimulator(options: {
      keys: { openai: string; anthropic: string };
      respond: (request: { backend: string; headers: Record<string, string> }) => string;
    }): Promise<ChatSimulator>;
  };
  const provider = await providers.startProviderSimulator({ keys: { vertex: keys.vertex } });
  onTestFinished(() => provider.close());
  // A backend that repeats the credentials it received: the OpenAI route the whole
  // Authorization header, the Anthropic one the bare x-api-key value.
  const chat = await chats.startChatSimulator({
    keys: { openai: keys.openai, anthropic: keys.anthropic },
    respond: ({ backend, headers }) =>
      backend === 'anthropic'
        ? `${headers['x-api-key']} is the key you sent me`
        : `You sent Authorization: ${headers.authorization}`,
  });
  onTestFinished(() => chat.close());
  return { provider, chat };
}

/** Every file under `dir`, as text (the history database and its WAL included). */
async function filesUnder(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { file: path.relative(dir, file), text: (await readFile(file)).toString('latin1') };
      }),
  );
}

describe('the key canary with backends that echo what they receive', () => {
  it('keeps every strategy’s backend text out of errors, events, the history and its export', async () => {
    const keys = {
      vertex: `rk-CANARY-${hex(16)}`,
      openai: `rk-CANARY-${hex(16)}`,
      anthropic: `rk-CANARY-${hex(16)}`,
    };
    const { provider, chat } = await startSimulators(keys);
    const { client, dataDir } = await webHostClient({
      env: { RERANK_STUDIO_KEYCHAIN: 'off' },
    });
    for (const [name, key] of [
      ['vertex', keys.vertex],
      ['openai-compatible', keys.openai],
      ['anthropic', keys.anthropic],
    ] as const) {
      expect((await client.call('secrets:set', { provider: name, key })).ok).toBe(true);
    }
    const progress: unknown[] = [];
    client.subscribe('run:progress', (event) => progress.push(event));
    await client.ready();

    const echo = {
      status: 200,
      body: (r: Received) => ({ records: [{ id: r.headers.authorization, score: 1 }] }),
    };
    provider.script('vertex', [echo, echo, echo]);
    const vertex = {
      version: 1 as const,
      name: 'vertex echo',
      strategy: 'dedicated-model' as const,
      provider: 'vertex' as const,
      model: 'semantic-ranker-default-004',
      baseUrl: provider.baseUrl('vertex'),
      params: { project: 'canary', maxRetries: 0 },
    };
    const judge = (backend: 'openai-compatible' | 'anthropic') => ({
      version: 1 as const,
      name: `judge ${backend}`,
      strategy: 'llm-judge' as const,
      provider: backend,
      model: 'echo',
      baseUrl: backend === 'anthropic' ? chat.anthropicBaseUrl : chat.openaiBaseUrl,
      params: { requestsPerMinute: 0, maxRetries: 0 },
    });
    const runId = `echo-canary-${hex(4)}`;
    const run = await client.call('rerank:run', {
      runId,
      query: 'which key did you get?',
      documents: ['the first document', 'the second document', 'the third document'],
      columns: [
        { id: 'judge-openai', config: judge('openai-compatible') },
        { id: 'judge-anthropic', config: judge('anthropic') },
        {
          id: 'listwise',
          config: {
            version: 1,
            name: 'listwise echo',
            strategy: 'llm-listwise',
            provider: 'openai-compatible',
            model: 'echo',
            baseUrl: chat.openaiBaseUrl,
            params: { requestsPerMinute: 0 },
          },
        },
        { id: 'vertex', config: vertex },
        {
          id: 'fusion',
          config: {
            version: 1,
            name: 'fusion of echoes',
            strategy: 'fusion',
            params: { method: 'rrf', members: [judge('anthropic'), vertex] },
          },
        },
      ],
    });
    expect(run.ok).toBe(true);
    // No `answer` asked: the full one, every column's result in it.
    const columns = run.ok && run.value.answer === 'full' ? run.value.columns : [];

    // Controls: every backend got its key, answered with it, and the answers were used.
    expect(chat.requests.map((r) => r.headers.authorization ?? r.headers['x-api-key'])).toEqual(
      expect.arrayContaining([`Bearer ${keys.openai}`, keys.anthropic]),
    );
    expect(provider.requests.at(-1)?.headers.authorization).toBe(`Bearer ${keys.vertex}`);
    const byId = (id: string) => columns.find((c) => c.columnId === id);
    expect(byId('judge-openai')?.documentErrors?.[0]?.message).toContain('You sent Authorization');
    expect(byId('judge-anthropic')?.documentErrors?.[0]?.message).toContain('is the key you sent');
    expect(byId('listwise')?.status).toBe('ok');
    expect(byId('vertex')?.error?.message).toContain('returned record id');
    expect(byId('fusion')?.error?.message).toContain('returned record id');

    // The event stream, the history (as the host answers it, exported, and on disk).
    await vi.waitFor(() => expect(progress.length).toBeGreaterThanOrEqual(10), {
      timeout: 5_000,
    });
    let saved: unknown;
    await vi.waitFor(
      async () => {
        const got = await client.call('history:get', { id: runId });
        expect(got.ok).toBe(true);
        saved = got.ok ? got.value : undefined;
      },
      { timeout: 5_000, interval: 50 },
    );
    const exported = await client.call('history:export', {});
    expect(exported.ok).toBe(true);
    expect(JSON.stringify(exported)).toContain('returned record id');
    const files = await filesUnder(dataDir);
    expect(files.map((f) => f.file)).toContain('history.db');

    const places = [
      { where: 'rerank:run answer', text: JSON.stringify(run) },
      { where: 'run:progress events', text: JSON.stringify(progress) },
      { where: 'history:get', text: JSON.stringify(saved) },
      { where: 'history:export', text: JSON.stringify(exported) },
      ...files.map(({ file, text }) => ({ where: `data folder: ${file}`, text })),
    ];
    const secrets = Object.values(keys).flatMap((key) => [key, key.slice('rk-CANARY-'.length, -4)]);
    const leaks = places
      .filter(({ text }) => secrets.some((secret) => text.includes(secret)))
      .map(({ where }) => where);
    expect(leaks).toEqual([]);
    // The masked form is what is left where the key was.
    expect(JSON.stringify(columns)).toContain(`••••${keys.openai.slice(-4)}`);
  });
});
