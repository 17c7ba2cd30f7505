/**
 * The web host under the attacks of issue 18, made by a holder of the launch token on
 * 127.0.0.1: a pipeline config nested 10,000 deep, a path that is not UTF-8, an absolute-form
 * request-target, and clients that send their request a byte at a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestedFusionText } from '../../../testkit/fixtures/configs';
import { APP_COMMAND_IDS } from '../../../shared/app/commands';
import { createServices, type Services } from '../../composition/compose';
import { recentProblems } from '../../log/log';
import { openRawConnection, slowClient } from '../../../testkit/raw-client';
import { startWebHost, type WebHost } from './web-server';

/** Small deadlines, so a slow client is cut within the test's time. */
const TIMEOUTS = { headersTimeoutMs: 300, requestTimeoutMs: 600 };

let host: WebHost;
let dir: string;
let services: Services;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-web-attacks-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Rerank Studio</title>');
  services = createServices({ host: 'web', dataDir: dir, historyDir: false });
  host = await startWebHost({
    services,
    rendererDir: dir,
    timeouts: TIMEOUTS,
  });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client that sends the given part of its request a few bytes at a time. */
const trickle = (part: 'headers' | 'body') =>
  slowClient({ port: host.port, path: '/api/app:info', token: host.token, part });

/** Bugs the host logged so far (an attack a user can make must never count as one). */
const bugs = () => recentProblems().filter((problem) => problem.kind === 'bug').length;

const headers = () => ({
  Authorization: `Bearer ${host.token}`,
  'Content-Type': 'application/json',
});

describe('web host attacks', () => {
  it('answers a rerank whose config nests 10,000 fusions deep with 400 and the limit', async () => {
    const body = `{"runId":"deep","query":"q","documents":["a","b"],"columns":[{"id":"deep","config":${nestedFusionText(10_000)}}]}`;
    const response = await fetch(`${host.origin}/api/rerank:run`, {
      method: 'POST',
      headers: headers(),
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message:
          'params.members[0].params.members[0].params.members[0]: fusions nest at most 3 levels deep',
        path: [
          'columns',
          0,
          'config',
          ...Array.from({ length: 3 }, () => ['params', 'members', 0]).flat(),
        ],
      },
    });
    expect(
      (await fetch(`${host.origin}/api/app:info`, { method: 'POST', headers: headers() })).status,
    ).toBe(200);
  });

  it('answers an operation name that is not UTF-8 (%ff) with 400, not a logged bug', async () => {
    const before = bugs();
    const response = await fetch(`${host.origin}/api/%ff`, { method: 'POST', headers: headers() });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'the operation name in the path is not valid percent-encoded UTF-8',
      },
    });
    expect(bugs()).toBe(before);
  });

  it('takes an absolute-form request-target for its own origin only', async () => {
    const connection = await openRawConnection(host.port);
    try {
      const own = await connection.send(
        `GET http://127.0.0.1:${host.port}/index.html HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      );
      expect(own.status).toBe(200);
      expect(own.body).toContain('<title>Rerank Studio</title>');
      // RFC 9112 §3.2.2: the target's authority replaces Host, so it must be this origin too.
      const foreign = await connection.send(
        `GET http://rebound.example/index.html HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`,
      );
      expect(foreign.status).toBe(403);
    } finally {
      connection.destroy();
    }
  });

  it('answers a client that trickles its headers with 408 and closes, after the deadline', async () => {
    const result = await trickle('headers');
    expect(result.status).toBe(408);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUTS.headersTimeoutMs - 20);
  });

  it('answers a client that trickles its body with 408 and closes, after the deadline', async () => {
    const before = bugs();
    const result = await trickle('body');
    expect(result.status).toBe(408);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUTS.requestTimeoutMs - 20);
    expect(bugs()).toBe(before);
  });

  it('keeps the event stream open well past the request deadline', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}/api/events`, {
      headers: { Authorization: `Bearer ${host.token}` },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the ready event
    // A request opened after the stream that trickles its body: the host cuts it off once the
    // request deadline has passed, so the stream has outlived that deadline too.
    const cut = await trickle('body');
    expect(cut.status).toBe(408);
    // Still open: an event sent now arrives on it (a closed stream would end the read).
    services.events.emit('app:command', { command: APP_COMMAND_IDS[0] });
    const chunk = await reader.read();
    controller.abort();
    expect(chunk.done).toBe(false);
    expect(new TextDecoder().decode(chunk.value)).toContain('event: app:command');
  });
});
