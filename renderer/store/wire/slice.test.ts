import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCurl } from '../../../shared/wire/curl';
import { createAppStore } from '../store';
import { webHostClient } from '../../../testkit/renderer/web-host-client';
import { formatBody, formatHeaders, type TextClipboard } from './slice';

/**
 * A loopback server that speaks the Cohere v1 rerank format, like any Cohere-compatible
 * gateway: scores by how many query words a document shares, one billed search per call.
 */
let server: Server;
let baseUrl: string;
let calls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      calls += 1;
      const { query, documents } = JSON.parse(body) as { query: string; documents: string[] };
      const words = new Set(query.toLowerCase().match(/\w+/g));
      const results = documents.map((text, index) => {
        const shared = (text.toLowerCase().match(/\w+/g) ?? []).filter((w) => words.has(w));
        return { index, relevance_score: shared.length / (shared.length + 1) };
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ results, meta: { billed_units: { search_units: 1 } } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function gatewayStore(clipboard: TextClipboard) {
  const { client, requests } = await webHostClient();
  const store = createAppStore(client, { clipboard });
  const id = store.getState().columns[1]!.id;
  store.getState().setColumnPreset(id, 'dedicated-model');
  store.getState().setColumnProvider(id, 'cohere-compatible');
  store.getState().setColumnModel(id, 'rerank-english-v3.0');
  store.getState().setColumnBaseUrl(id, baseUrl);
  const result = () => store.getState().columnRuns[id]?.result;
  return { store, id, result, requests };
}

describe('wire inspector and cache', () => {
  it('records the exchange, copies it as curl and reports the copy', async () => {
    const copied: string[] = [];
    const { store, id, result } = await gatewayStore({
      writeText: (text) => Promise.resolve(void copied.push(text)),
    });
    await store.getState().run();
    expect(result()?.status).toBe('ok');
    expect(result()).toMatchObject({ calls: 1, retries: 0, usage: { searchUnits: 1 } });
    const [exchange] = result()!.wire!;
    expect(exchange).toMatchObject({
      attempt: 1,
      method: 'POST',
      url: `${baseUrl}/v1/rerank`,
      status: 200,
    });
    expect(formatHeaders(exchange!.requestHeaders)).toMatch(/^content-type: application\/json$/im);
    expect(formatBody(exchange!.responseBody)).toMatch(/^{\n {2}"results": \[/);

    expect(await store.getState().copyWireCurl(id, 0)).toEqual({ ok: true, value: undefined });
    expect(copied).toEqual([toCurl(exchange!, exchange!.curlAuth)]);
    expect(copied[0]).toMatch(/^curl -X POST '.*\/v1\/rerank'/);
    expect(store.getState().copyStatus).toEqual({
      columnId: id,
      exchange: 0,
      ok: true,
      message: 'Copied',
    });

    // A new run forgets the status: it named an exchange of the old results.
    await store.getState().run();
    expect(store.getState().copyStatus).toBeUndefined();
  });

  it('says why a copy failed', async () => {
    const { store, id } = await gatewayStore({
      writeText: () => Promise.reject(new Error('Document is not focused.')),
    });
    await store.getState().run();
    expect(await store.getState().copyWireCurl(id, 0)).toMatchObject({ ok: false });
    expect(store.getState().copyStatus).toMatchObject({
      ok: false,
      message: 'could not copy: Document is not focused.',
    });
    expect(await store.getState().copyWireCurl(id, 5)).toMatchObject({
      ok: false,
      error: { message: 'this exchange has no curl command' },
    });
  });

  it('serves a repeated run from the cache unless Bypass cache is on', async () => {
    const { store, result, requests } = await gatewayStore({ writeText: () => Promise.resolve() });
    const before = calls;
    await store.getState().run();
    expect(calls).toBe(before + 1);
    expect(result()?.cached).toBeUndefined();

    await store.getState().run();
    expect(calls).toBe(before + 1);
    expect(result()).toMatchObject({ cached: true, calls: 0, wire: [] });

    store.getState().setBypassCache(true);
    await store.getState().run();
    expect(calls).toBe(before + 2);
    expect(result()).toMatchObject({ calls: 1 });
    expect(result()?.cached).toBeUndefined();
    const sent = requests.filter((r) => r.name === 'rerank:run').map((r) => r.request);
    expect(sent.map((r) => (r as { bypassCache?: boolean }).bypassCache)).toEqual([
      false,
      false,
      true,
    ]);
  });
});
