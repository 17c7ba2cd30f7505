/**
 * Response bodies are read up to a cap (issue 18, item 5): a provider or LLM endpoint that
 * answers gigabytes fails its call, and the column, with a message naming the cap, instead of
 * filling the host's memory. Real servers on 127.0.0.1; the cap made small to keep tests fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../shared/pipeline/config';
import { createServices, type Services } from '../composition/compose';
import { runThroughContract } from '../../testkit/contract-run';
import { startChatSimulator, type ChatSimulator } from '../../testkit/llm-simulator';
import { naiveBrain } from '../../testkit/llm-simulator/naive-brain';
import { simulatorEnv } from '../../testkit/provider-env';
import { startProviderSimulator, type ProviderSimulator } from '../../testkit/provider-simulator';
import { freshDataDir } from '../../testkit/temp-dir';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_RESPONSE_ENV,
  maxResponseBytesFromEnv,
} from './http-transport';
import {
  failure,
  json,
  request,
  serve,
  transport,
  useTestServers,
} from '../../testkit/harness/transport';

useTestServers();

const CAP = 64 * 1024;
const OVER = `answered 200 with a body over the 64 KB cap on responses; it was not read (${MAX_RESPONSE_ENV} sets the cap)`;

describe('the transport caps response bodies', () => {
  it('fails a declared Content-Length over the cap at once, without retrying', async () => {
    const server = await serve((res) => json(res, 200, { padding: 'x'.repeat(CAP) }));
    const result = failure(await transport({ maxResponseBytes: CAP }).send(request(server.url)));
    expect(result).toMatchObject({ kind: 'response-too-large', attempts: 1 });
    expect(result.message).toBe(`cohere ${OVER}`);
    expect(result.wire[0]).toMatchObject({ status: 200, error: OVER });
    expect(server.hits).toHaveLength(1);
  });

  it('fails a chunked body as soon as it grows past the cap', async () => {
    let written = 0;
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Never ends by itself: only a reader that stops can finish this call.
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write('x'.repeat(16 * 1024));
        written += 16 * 1024;
      }, 1);
    });
    const result = failure(await transport({ maxResponseBytes: CAP }).send(request(server.url)));
    expect(result).toMatchObject({ kind: 'response-too-large', attempts: 1 });
    expect(written).toBeLessThan(100 * CAP);
  });

  it('reads a body of exactly the cap, and caps error bodies too', async () => {
    const body = JSON.stringify({ results: [], padding: '' });
    const exact = `${body.slice(0, -2)}${'x'.repeat(CAP - body.length)}"}`;
    const ok = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(exact);
    });
    const read = await transport({ maxResponseBytes: CAP }).send(request(ok.url));
    expect(read).toMatchObject({ ok: true, body: exact });
    const failing = await serve((res) => json(res, 503, { message: 'x'.repeat(CAP) }));
    const capped = failure(await transport({ maxResponseBytes: CAP }).send(request(failing.url)));
    expect(capped).toMatchObject({ kind: 'response-too-large', attempts: 1 });
  });

  it('reads the cap from the environment, in MiB, and says what is wrong with a bad one', () => {
    expect(maxResponseBytesFromEnv({})).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
    expect(maxResponseBytesFromEnv({ [MAX_RESPONSE_ENV]: '0.5' })).toBe(512 * 1024);
    expect(() => maxResponseBytesFromEnv({ [MAX_RESPONSE_ENV]: 'lots' })).toThrow(
      `${MAX_RESPONSE_ENV} must be a number of MiB above 0, at most 4096 (got "lots")`,
    );
  });
});

describe('a column whose backend answers over the cap', () => {
  let sim: ProviderSimulator;
  let chat: ChatSimulator;
  let services: Services;
  beforeAll(async () => {
    sim = await startProviderSimulator();
    chat = await startChatSimulator({ respond: naiveBrain });
    services = createServices({
      host: 'test',
      dataDir: freshDataDir(),
      env: { ...simulatorEnv(), [MAX_RESPONSE_ENV]: String(CAP / 1024 / 1024) },
      historyDir: false,
    });
  });
  afterAll(async () => {
    await services.close();
    await chat.close();
    await sim.close();
  });

  const runColumn = async (config: PipelineConfig) =>
    (
      await runThroughContract(services, {
        query: 'capital',
        documents: ['Paris is the capital of France.', 'Berlin'],
        configs: [config],
      })
    ).columns[0]!;

  it('fails a rerank API column, naming the cap', async () => {
    sim.script('cohere', [{ status: 200, body: { results: [], padding: 'x'.repeat(CAP) } }]);
    const result = await runColumn({
      version: 1,
      name: 'cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
      baseUrl: sim.baseUrl('cohere'),
    });
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('over the 64 KB cap on responses');
  });

  it('fails an LLM judge column, naming the cap', async () => {
    const huge = { choices: [{ message: { role: 'assistant', content: 'x'.repeat(CAP) } }] };
    chat.script({ status: 200, body: huge }, { status: 200, body: huge });
    const result = await runColumn({
      version: 1,
      name: 'judge',
      strategy: 'llm-judge',
      provider: 'openai-compatible',
      model: 'sim-model',
      baseUrl: chat.openaiBaseUrl,
      params: { requestsPerMinute: 0, maxRetries: 0 },
    });
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('over the 64 KB cap on responses');
  });
});
