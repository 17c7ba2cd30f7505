import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_HEADER } from '../../platform/csp';
import { createServices } from '../../composition/compose';
import { startWebHost, type WebHost } from './web-server';

let host: WebHost;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-renderer-'));
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Rerank Studio</title>',
  );
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(rendererDir), 'secret-outside.txt'), 'outside');
  host = await startWebHost({
    services: createServices({ host: 'web', dataDir: rendererDir }),
    rendererDir,
  });
});

afterAll(async () => {
  await host.close();
  rmSync(rendererDir, { recursive: true, force: true });
  rmSync(path.join(path.dirname(rendererDir), 'secret-outside.txt'), { force: true });
});

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });
const api = (name: string, body: unknown, headers: Record<string, string> = auth()) =>
  fetch(`${host.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });

/** Raw request, for headers `fetch` will not let us forge (Host). */
function rawRequest(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          method: options.method ?? 'GET',
          path: options.path,
          headers: options.headers,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    },
  );
}

const columns = [{ id: 'bm25', config: { version: 1, name: 'bm25', strategy: 'heuristic' } }];

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers operations with the token and 401 without or with a wrong one', async () => {
    const good = await api('app:info', {});
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({
      ok: true,
      value: { host: 'web', name: 'Rerank Studio' },
    });
    expect((await api('app:info', {}, { 'Content-Type': 'application/json' })).status).toBe(401);
    expect(
      (
        await api(
          'app:info',
          {},
          { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' },
        )
      ).status,
    ).toBe(401);
    expect(
      (await api('app:info', {}, { Authorization: host.token, 'Content-Type': 'application/json' }))
        .status,
    ).toBe(401);
    const events = await fetch(`${host.origin}/api/events`);
    expect(events.status).toBe(401);
  });

  it.each([
    [{ query: '', documents: ['a'] }, 'query is required for rerank'],
    [{ query: 'q', documents: [] }, 'documents are required for rerank'],
    [{ query: 'q', documents: ['a', ''] }, 'document text is required for rerank at index 1'],
    [{ query: 'q', documents: ['a'], topN: 0 }, 'top_n must be at least 1'],
  ])('returns the validation message word for word: %j', async (fields, message) => {
    const response = await api('rerank:run', { runId: 'v', columns, ...fields });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'invalid_request', message, path: expect.any(Array) as unknown },
    });
  });

  it('runs a rerank and streams its progress over SSE', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${host.origin}/api/events`, {
      headers: auth(),
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: ready');

    const response = await api('rerank:run', {
      runId: 'sse-1',
      query: 'cat',
      documents: ['dog', 'cat'],
      columns,
    });
    const body = (await response.json()) as {
      ok: boolean;
      value: { columns: { results: { index: number }[] }[] };
    };
    expect(body.ok).toBe(true);
    expect(body.value.columns[0]!.results.map((r) => r.index)).toEqual([1, 0]);

    await readUntil('"type":"column-finished"');
    expect(text).toContain(
      'event: run:progress\ndata: {"type":"column-started","runId":"sse-1","columnId":"bm25"}',
    );
    controller.abort();
  });

  it('refuses requests addressed to another Host (DNS rebinding) and cross-origin requests', async () => {
    const rebound = await rawRequest({ path: '/', headers: { Host: `evil.example:${host.port}` } });
    expect(rebound.status).toBe(403);
    const crossOrigin = await rawRequest({
      path: '/api/app:info',
      method: 'POST',
      headers: { ...auth(), Host: `127.0.0.1:${host.port}`, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await rawRequest({
      path: '/api/app:info',
      method: 'POST',
      headers: {
        ...auth(),
        Host: `localhost:${host.port}`,
        Origin: `http://localhost:${host.port}`,
      },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers, even to a preflight', async () => {
    const preflight = await fetch(`${host.origin}/api/app:info`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(401);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects bodies that are not JSON, too large, or of the wrong type', async () => {
    const wrongType = await api(
      'app:info',
      {},
      { Authorization: `Bearer ${host.token}`, 'Content-Type': 'text/plain' },
    );
    expect(wrongType.status).toBe(415);
    const broken = await fetch(`${host.origin}/api/app:info`, {
      method: 'POST',
      headers: auth(),
      body: '{"a":',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(
      /^request body is not valid JSON/,
    );
    const huge = await fetch(`${host.origin}/api/rerank:run`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({
        runId: 'big',
        query: 'q',
        documents: ['x'.repeat(23 * 1024 * 1024)],
        columns,
      }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toMatch(
      /^request is too large for rerank/,
    );
    // The host is still healthy afterwards.
    expect((await api('app:info', {})).status).toBe(200);
  });

  it('answers unknown operations with 404 and wrong methods with 405', async () => {
    const unknown = await api('secrets:get', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      ok: false,
      error: { code: 'unknown_operation', message: 'unknown operation "secrets:get"' },
    });
    expect((await fetch(`${host.origin}/api/app:info`, { headers: auth() })).status).toBe(405);
  });

  it('serves the renderer with the CSP and security headers, and nothing outside its folder', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Rerank Studio</title>');
    const asset = await fetch(`${host.origin}/assets/app.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const attempt of [
      '/../secret-outside.txt',
      '/%2e%2e/secret-outside.txt',
      '/assets/..%2f..%2fsecret-outside.txt',
      '/%00',
    ]) {
      const response = await rawRequest({
        path: attempt,
        headers: { Host: `127.0.0.1:${host.port}` },
      });
      expect(response.status, attempt).toBe(404);
      expect(response.body).not.toContain('outside');
    }
  });
});
