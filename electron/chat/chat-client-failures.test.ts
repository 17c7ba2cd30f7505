// The chat client when things go wrong, against the loopback chat simulator through a real
// HTTP transport: retries, HTTP errors with the provider's message, timeouts, cancel, bodies
// that cannot be read, and keys kept out of every record and message.
import { describe, expect, it } from 'vitest';
import {
  OPENAI_KEY,
  answered,
  chatRequest,
  endpoint,
  expectNoKey,
  failed,
  useChatHarness,
} from '../../testkit/harness/chat';

const h = useChatHarness(() => 'Yes');

describe('retries', () => {
  it('waits as a 429 asks, then succeeds, counting both calls', async () => {
    h.sim.script({
      status: 429,
      headers: { 'retry-after': '2' },
      body: {
        error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
      },
    });
    const result = answered(
      await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()),
    );
    expect(result.answer.text).toBe('Yes');
    expect(h.sleeps).toEqual([2000]);
    expect(result.calls).toBe(2);
    expect(result.retries).toBe(1);
    expect(result.wire.map((exchange) => exchange.status)).toEqual([429, 200]);
    expect(h.sim.requests).toHaveLength(2);
    expectNoKey(result);
  });

  it('gives up after the retries with the provider’s own message and type', async () => {
    const overloaded = {
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    };
    h.sim.script(overloaded, overloaded, overloaded, overloaded);
    const result = failed(await h.client.chat(endpoint(h.sim, 'anthropic'), chatRequest()));
    expect(result.error).toEqual({
      code: 'upstream',
      message: `anthropic claude-sim at ${h.host} answered 529: overloaded_error: Overloaded (4 attempts)`,
    });
    expect(result.calls).toBe(4);
    expect(result.retries).toBe(3);
    expect(result.wire).toHaveLength(4);
    expect(result.wire.every((exchange) => exchange.curlAuth !== undefined)).toBe(true);
    expectNoKey(result);
  });

  it('reads an OpenAI error body on a 500', async () => {
    const broken = { status: 500, body: { error: { message: 'The server had an error' } } };
    h.sim.script(broken, broken);
    const result = failed(
      await h.client.chat(
        endpoint(h.sim, 'openai-compatible', { retry: { maxRetries: 1, baseDelayMs: 1 } }),
        chatRequest(),
      ),
    );
    expect(result.error.message).toBe(
      `openai-compatible gpt-sim at ${h.host} answered 500: The server had an error (2 attempts)`,
    );
  });
});

describe('keys', () => {
  it('reports a wrong OpenAI key without retrying and without the key anywhere', async () => {
    const result = failed(
      await h.client.chat(
        endpoint(h.sim, 'openai-compatible', { apiKey: `${OPENAI_KEY}-WRONG` }),
        chatRequest(),
      ),
    );
    expect(result.error).toEqual({
      code: 'upstream',
      message: `openai-compatible gpt-sim at ${h.host} answered 401: Incorrect API key provided.`,
    });
    expect(result.calls).toBe(1);
    expect(JSON.stringify(result)).not.toContain(`${OPENAI_KEY}-WRONG`);
    expect(result.wire[0]!.requestHeaders.authorization).toBe('Bearer ••••RONG');
  });

  it('reports a wrong Anthropic key with the error type', async () => {
    const wrong = 'sk-ant-wrong-key-0000000000';
    const result = failed(
      await h.client.chat(endpoint(h.sim, 'anthropic', { apiKey: wrong }), chatRequest()),
    );
    expect(result.error.message).toBe(
      `anthropic claude-sim at ${h.host} answered 401: authentication_error: invalid x-api-key`,
    );
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it('masks a key the server echoes back in its error', async () => {
    h.sim.script({ status: 400, body: { error: { message: `bad key ${OPENAI_KEY} given` } } });
    const result = failed(await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()));
    expect(result.error.message).toContain('bad key ••••LAST given');
    expectNoKey(result);
  });
});

describe('timeouts and cancel', () => {
  it('times out a server that never answers', async () => {
    h.sim.script({ hang: true });
    const slow = endpoint(h.sim, 'anthropic', {
      timeouts: { totalMs: 150 },
      retry: { maxRetries: 0 },
    });
    const result = failed(await h.client.chat(slow, chatRequest()));
    expect(result.error).toEqual({
      code: 'upstream',
      message: `anthropic claude-sim at ${h.host} timed out after 150 ms`,
    });
    expect(result.wire[0]!.error).toBe('timed out after 150 ms');
    expect(result.calls).toBe(1);
    expectNoKey(result);
  });

  it('stops when the caller aborts', async () => {
    h.sim.script({ hang: true });
    const controller = new AbortController();
    const pending = h.client.chat(
      endpoint(h.sim, 'openai-compatible'),
      chatRequest({ signal: controller.signal }),
    );
    await h.sim.received(1);
    expect(h.sim.requests).toHaveLength(1);
    controller.abort();
    const result = failed(await pending);
    expect(result.error.code).toBe('cancelled');
    expect(result.error.message).toBe(
      `openai-compatible gpt-sim at ${h.host} request was cancelled`,
    );
    expectNoKey(result);
  });
});

describe('answers that cannot be read', () => {
  it('names the backend when a 200 body is not JSON', async () => {
    h.sim.script({ status: 200, body: '{"choices": [' });
    const result = failed(await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()));
    expect(result.error).toEqual({
      code: 'upstream',
      message: `openai-compatible gpt-sim at ${h.host} answered 200 with a body that is not JSON`,
    });
    expect(result.wire[0]!.responseBody).toBe('{"choices": [');
  });

  it('names what is missing from a 200', async () => {
    h.sim.script(
      { status: 200, body: { choices: [] } },
      { status: 200, body: { choices: [{ message: { role: 'assistant' } }] } },
      { status: 200, body: { id: 'msg_1', type: 'message' } },
      { status: 200, body: [] },
    );
    const openai = endpoint(h.sim, 'openai-compatible');
    const anthropic = endpoint(h.sim, 'anthropic');
    const messages = [
      (await h.client.chat(openai, chatRequest())) as { error?: { message: string } },
      (await h.client.chat(openai, chatRequest())) as { error?: { message: string } },
      (await h.client.chat(anthropic, chatRequest())) as { error?: { message: string } },
      (await h.client.chat(anthropic, chatRequest())) as { error?: { message: string } },
    ].map((result) => result.error?.message);
    expect(messages).toEqual([
      `openai-compatible gpt-sim at ${h.host} answered without choices[0]`,
      `openai-compatible gpt-sim at ${h.host} answered without choices[0].message.content`,
      `anthropic claude-sim at ${h.host} answered without a content array`,
      `anthropic claude-sim at ${h.host} answered with JSON that is not an object`,
    ]);
  });

  it('reads an error object sent with a 200', async () => {
    h.sim.script({
      status: 200,
      body: { error: 'model "llama9" not found, try pulling it first' },
    });
    const result = failed(await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()));
    expect(result.error.message).toBe(
      `openai-compatible gpt-sim at ${h.host} answered with an error: model "llama9" not found, try pulling it first`,
    );
  });
});

describe('requests that cannot be sent', () => {
  it.each([
    [{ baseUrl: 'localhost:11434/v1' }, /base URL is not an http\(s\) URL: "localhost:11434\/v1"/],
    [{ model: ' ' }, /names no model/],
  ])('refuses a bad endpoint without sending %#', async (overrides, message) => {
    const result = failed(
      await h.client.chat(endpoint(h.sim, 'openai-compatible', overrides), chatRequest()),
    );
    expect(result.error.code).toBe('invalid_request');
    expect(result.error.message).toMatch(message);
    expect(result.wire).toEqual([]);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('refuses an Anthropic request with only system messages', async () => {
    const onlySystem = chatRequest({ messages: [{ role: 'system', content: 'x' }] });
    const result = failed(await h.client.chat(endpoint(h.sim, 'anthropic'), onlySystem));
    expect(result.error.message).toMatch(/only system messages/);
    expect(h.sim.requests).toHaveLength(0);
  });
});
