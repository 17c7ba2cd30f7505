// The chat simulator itself: formats, validation, auth, logprobs, scripts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startChatSimulator, type BrainRequest, type ChatSimulator } from './index';

const OPENAI_KEY = 'sk-sim-openai-0123456789';
const ANTHROPIC_KEY = 'sk-ant-sim-0123456789';

let sim: ChatSimulator;
const seen: BrainRequest[] = [];

beforeAll(async () => {
  sim = await startChatSimulator({
    keys: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
    respond: (request) => {
      seen.push(request);
      return request.messages.at(-1)?.content === 'verdict?' ? 'Yes, it is relevant.' : 'Hello!';
    },
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  seen.length = 0;
});

/** The parts of both APIs' answers these tests read. */
interface Reply {
  type?: string;
  error: { message: string; type: string; code?: string | null };
  choices: {
    finish_reason: string;
    logprobs: {
      content: {
        token: string;
        logprob: number;
        bytes: number[];
        top_logprobs: { token: string; logprob: number }[];
      }[];
    };
  }[];
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as Reply };
}

const openai = (body: unknown, headers: Record<string, string> = {}) =>
  post(`${sim.openaiBaseUrl}/chat/completions`, body, {
    authorization: `Bearer ${OPENAI_KEY}`,
    ...headers,
  });
const anthropic = (body: unknown, headers: Record<string, string> = {}) =>
  post(`${sim.anthropicBaseUrl}/v1/messages`, body, {
    'x-api-key': ANTHROPIC_KEY,
    'anthropic-version': '2023-06-01',
    ...headers,
  });

describe('OpenAI route', () => {
  it('answers a chat.completion with usage estimated at four characters a token', async () => {
    const r = await openai({
      model: 'gpt-sim',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/) as unknown,
      object: 'chat.completion',
      model: 'gpt-sim',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      // "Be brief." + "Say hello" = 18 characters → 5 tokens; "Hello!" → 2.
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(seen[0]).toEqual({
      backend: 'openai-compatible',
      model: 'gpt-sim',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0,
      headers: expect.objectContaining({ 'content-type': 'application/json' }) as unknown,
    });
    expect(sim.requests[0]).toMatchObject({
      backend: 'openai-compatible',
      method: 'POST',
      path: '/openai/v1/chat/completions',
      body: { model: 'gpt-sim' },
    });
  });

  it('synthesizes logprobs for the first token when asked and the brain gives none', async () => {
    const r = await openai({
      model: 'gpt-sim',
      messages: [{ role: 'user', content: 'verdict?' }],
      logprobs: true,
      top_logprobs: 5,
    });
    const content = r.json.choices[0]!.logprobs.content;
    expect(content).toHaveLength(1);
    expect(content[0]).toMatchObject({ token: 'Yes', bytes: [89, 101, 115] });
    expect(content[0]!.logprob).toBeCloseTo(Math.log(0.9));
    expect(content[0]!.top_logprobs.map((t) => t.token)).toEqual(['Yes', 'No']);
    expect(content[0]!.top_logprobs[1]!.logprob).toBeCloseTo(Math.log(0.1));
    expect(seen[0]?.topLogprobs).toBe(5);
  });

  it('cuts the answer at max_tokens with finish_reason length', async () => {
    const r = await openai({
      model: 'gpt-sim',
      messages: [{ role: 'user', content: 'verdict?' }],
      max_tokens: 1,
    });
    expect(r.json.choices[0]).toMatchObject({
      message: { content: 'Yes,' },
      finish_reason: 'length',
    });
  });

  it('refuses a wrong or missing key with 401 in its error format', async () => {
    const wrong = await openai({ model: 'm', messages: [] }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
    const missing = await post(`${sim.openaiBaseUrl}/chat/completions`, { model: 'm' });
    expect(missing.status).toBe(401);
    expect(missing.json.error.message).toMatch(/didn't provide an API key/);
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, /must provide a model/],
    [{ model: 'm' }, /Missing required parameter: 'messages'/],
    [{ model: 'm', messages: [] }, /empty array/],
    [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, /messages\[0\]\.role/],
    [
      {
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_object' },
      },
      /must contain the word 'json'/,
    ],
  ])('answers 400 for an invalid request %#', async (body, message) => {
    const r = await openai(body);
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('invalid_request_error');
    expect(r.json.error.message).toMatch(message);
  });

  it('answers 404 in its format for other paths', async () => {
    const r = await post(`${sim.openaiBaseUrl}/completions`, {}, { authorization: 'x' });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe('Invalid URL (POST /v1/completions)');
  });
});

describe('Anthropic route', () => {
  it('answers a message, with the system prompt folded in first for the brain', async () => {
    const r = await anthropic({
      model: 'claude-sim',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }],
      temperature: 0.5,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: expect.stringMatching(/^msg_/) as unknown,
      type: 'message',
      role: 'assistant',
      model: 'claude-sim',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 2 },
    });
    expect(seen[0]).toEqual({
      backend: 'anthropic',
      model: 'claude-sim',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0.5,
      headers: expect.objectContaining({ 'anthropic-version': '2023-06-01' }) as unknown,
    });
  });

  it('refuses a wrong key and a missing anthropic-version header', async () => {
    const wrong = await anthropic({}, { 'x-api-key': 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
    const unversioned = await post(
      `${sim.anthropicBaseUrl}/v1/messages`,
      {},
      { 'x-api-key': ANTHROPIC_KEY },
    );
    expect(unversioned.status).toBe(400);
    expect(unversioned.json.error.message).toMatch(/anthropic-version/);
  });

  it.each([
    [{ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, /model: Field required/],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, /max_tokens: Field required/],
    [{ model: 'm', max_tokens: 5 }, /messages: Field required/],
    [
      {
        model: 'm',
        max_tokens: 5,
        messages: [
          { role: 'system', content: 'x' },
          { role: 'user', content: 'y' },
        ],
      },
      /Unexpected role "system"/,
    ],
  ])('answers 400 invalid_request_error for an invalid request %#', async (body, message) => {
    const r = await anthropic(body);
    expect(r.status).toBe(400);
    expect(r.json.type).toBe('error');
    expect(r.json.error.type).toBe('invalid_request_error');
    expect(r.json.error.message).toMatch(message);
  });
});

describe('scripts', () => {
  it('plays scripted answers in order ahead of validation, then behaves normally', async () => {
    sim.script(
      { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } },
      { status: 200, body: '{"choices": [' },
    );
    const limited = await openai({});
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toBe('slow down');
    const broken = await anthropic({});
    expect(broken.status).toBe(200);
    expect(broken.text).toBe('{"choices": [');
    expect((await openai({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(
      200,
    );
    expect(sim.requests.map((r) => r.backend)).toEqual([
      'openai-compatible',
      'anthropic',
      'openai-compatible',
    ]);
  });

  it('hangs until close(), which does not wait for the hanging request', async () => {
    const own = await startChatSimulator();
    own.script({ hang: true });
    const pending = fetch(`${own.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      body: '{}',
    });
    await own.received(1);
    expect(own.requests).toHaveLength(1);
    // The request hangs for ever: close() returning at all shows it did not wait for it.
    await own.close();
    await expect(pending).rejects.toThrow();
  });

  it('answers 500 in the API format when the brain throws', async () => {
    const own = await startChatSimulator({
      respond: () => {
        throw new Error('no idea');
      },
    });
    try {
      const r = await post(
        `${own.anthropicBaseUrl}/v1/messages`,
        { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] },
        { 'anthropic-version': '2023-06-01' },
      );
      expect(r.status).toBe(500);
      expect(r.json.error).toEqual({
        type: 'api_error',
        message: "chat simulator's respond() failed: no idea",
      });
    } finally {
      await own.close();
    }
  });
});
