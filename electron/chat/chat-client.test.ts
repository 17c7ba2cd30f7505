// The chat client's two wire formats, against the loopback chat simulator through a real
// HTTP transport: requests as sent, answers as read, wire records with keys masked.
import { describe, expect, it } from 'vitest';
import type { Brain } from '../../testkit/llm-simulator/index';
import {
  ANTHROPIC_KEY,
  OPENAI_KEY,
  answered,
  chatRequest,
  endpoint,
  expectNoKey,
  failed,
  useChatHarness,
} from '../../testkit/harness/chat';

const brain: Brain = ({ messages }) =>
  messages.at(-1)?.content === 'with logprobs'
    ? {
        text: 'No',
        logprobs: [
          {
            token: 'No',
            logprob: -0.25,
            top: [
              { token: 'No', logprob: -0.25 },
              { token: 'Yes', logprob: -1.5 },
              { token: 'Maybe', logprob: -4 },
            ],
          },
        ],
      }
    : 'Yes, Paris is the capital.';

const h = useChatHarness(brain);

describe('OpenAI-compatible', () => {
  it('sends the Chat Completions body and a Bearer key, and reads text, usage and reason', async () => {
    const result = answered(
      await h.client.chat(
        endpoint(h.sim, 'openai-compatible'),
        chatRequest({
          messages: [
            { role: 'system', content: 'Answer in JSON.' },
            { role: 'user', content: 'Is Paris the capital of France?' },
          ],
          temperature: 0.2,
          maxTokens: 64,
          json: true,
        }),
      ),
    );
    const sent = h.sim.requests[0]!;
    expect(sent.path).toBe('/openai/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({
      model: 'gpt-sim',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Is Paris the capital of France?' },
      ],
      temperature: 0.2,
      max_tokens: 64,
      response_format: { type: 'json_object' },
    });
    expect(result.answer).toEqual({
      text: 'Yes, Paris is the capital.',
      finishReason: 'stop',
      // 15 + 31 characters in → 12 tokens; 26 out → 7.
      usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19 },
    });
    expect(result.calls).toBe(1);
    expect(result.retries).toBe(0);
  });

  it('records the exchange with the key masked and a curl expression for it', async () => {
    const result = await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest());
    expect(result.wire).toHaveLength(1);
    const [exchange] = result.wire;
    expect(exchange).toMatchObject({
      attempt: 1,
      method: 'POST',
      url: `${h.sim.openaiBaseUrl}/chat/completions`,
      status: 200,
      curlAuth: { credentialHeaders: { authorization: 'Bearer $OPENAI_API_KEY' } },
    });
    expect(exchange!.requestHeaders.authorization).toBe('Bearer ••••LAST');
    expect(JSON.parse(exchange!.requestBody)).toMatchObject({ model: 'gpt-sim' });
    expectNoKey(result);
  });

  it('asks for and reads log-probabilities with their alternatives', async () => {
    const result = answered(
      await h.client.chat(
        endpoint(h.sim, 'openai-compatible'),
        chatRequest({ messages: [{ role: 'user', content: 'with logprobs' }], topLogprobs: 2 }),
      ),
    );
    expect(h.sim.requests[0]!.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(result.answer.logprobs).toEqual([
      {
        token: 'No',
        logprob: -0.25,
        top: [
          { token: 'No', logprob: -0.25 },
          { token: 'Yes', logprob: -1.5 },
        ],
      },
    ]);
    expect(result.answer.warnings).toBeUndefined();
  });

  it('reads the logprobs a server makes up for the first token', async () => {
    const result = answered(
      await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest({ topLogprobs: 5 })),
    );
    const [first] = result.answer.logprobs ?? [];
    expect(first?.token).toBe('Yes');
    expect(first?.logprob).toBeCloseTo(Math.log(0.9));
    expect(first?.top.map((alt) => alt.token)).toEqual(['Yes', 'No']);
  });

  it('sends no credential to a local server without a key, and tolerates a trailing slash', async () => {
    const open = endpoint(h.sim, 'openai-compatible', {
      apiKey: undefined,
      baseUrl: `${h.sim.openaiBaseUrl}//`,
    });
    h.sim.script({ status: 200, body: { choices: [{ message: { content: 'hi' } }] } });
    const result = answered(await h.client.chat(open, chatRequest()));
    expect(h.sim.requests[0]!.path).toBe('/openai/v1/chat/completions');
    expect(h.sim.requests[0]!.headers.authorization).toBeUndefined();
    expect(result.wire[0]!.curlAuth).toBeUndefined();
    expect(result.answer).toEqual({ text: 'hi', usage: {} });
  });

  it('reports a refusal as an error with the model’s words', async () => {
    h.sim.script({
      status: 200,
      body: {
        choices: [
          { message: { content: null, refusal: "I can't help with that." }, finish_reason: 'stop' },
        ],
      },
    });
    const result = failed(await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()));
    expect(result.error).toEqual({
      code: 'upstream',
      message: `openai-compatible gpt-sim at ${h.host} declined to answer: I can't help with that.`,
    });
  });

  it('reports empty content with the finish reason', async () => {
    h.sim.script({
      status: 200,
      body: { choices: [{ message: { content: '' }, finish_reason: 'length' }] },
    });
    const result = failed(await h.client.chat(endpoint(h.sim, 'openai-compatible'), chatRequest()));
    expect(result.error.message).toBe(
      `openai-compatible gpt-sim at ${h.host} answered with empty content (finish_reason: length)`,
    );
  });
});

describe('Anthropic', () => {
  it('moves system messages to `system`, sends x-api-key and the version header', async () => {
    const result = answered(
      await h.client.chat(
        endpoint(h.sim, 'anthropic'),
        chatRequest({
          messages: [
            { role: 'system', content: 'You judge relevance.' },
            { role: 'system', content: 'Answer yes or no.' },
            { role: 'user', content: 'Paris?' },
            { role: 'assistant', content: 'Yes' },
            { role: 'user', content: 'Sure?' },
          ],
          temperature: 0.7,
          maxTokens: 20,
        }),
      ),
    );
    const sent = h.sim.requests[0]!;
    expect(sent.path).toBe('/anthropic/v1/messages');
    expect(sent.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-sim',
      max_tokens: 20,
      system: 'You judge relevance.\n\nAnswer yes or no.',
      messages: [
        { role: 'user', content: 'Paris?' },
        { role: 'assistant', content: 'Yes' },
        { role: 'user', content: 'Sure?' },
      ],
      temperature: 0.7,
    });
    expect(result.answer).toEqual({
      text: 'Yes, Paris is the capital.',
      finishReason: 'end_turn',
      // 39 (system, joined) + 6 + 3 + 5 characters → 14 tokens; 26 out → 7.
      usage: { inputTokens: 14, outputTokens: 7, totalTokens: 21 },
    });
    expect(result.wire[0]!.requestHeaders['x-api-key']).toBe('••••LAST');
    expect(result.wire[0]!.curlAuth).toEqual({
      credentialHeaders: { 'x-api-key': '$ANTHROPIC_API_KEY' },
    });
    expectNoKey(result);
  });

  it('ignores topLogprobs and json, and says so for the logprobs', async () => {
    const result = answered(
      await h.client.chat(
        endpoint(h.sim, 'anthropic'),
        chatRequest({ topLogprobs: 3, json: true }),
      ),
    );
    const body = h.sim.requests[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model', 'temperature']);
    expect(result.answer.logprobs).toBeUndefined();
    expect(result.answer.warnings).toEqual([
      'anthropic returns no log-probabilities; topLogprobs was ignored',
    ]);
  });

  it('joins text blocks and skips other block types', async () => {
    h.sim.script({
      status: 200,
      body: {
        type: 'message',
        content: [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'Yes, ' },
          { type: 'text', text: 'it is.' },
        ],
        stop_reason: 'end_turn',
        usage: { input_tokens: 10, output_tokens: 4 },
      },
    });
    const result = answered(await h.client.chat(endpoint(h.sim, 'anthropic'), chatRequest()));
    expect(result.answer.text).toBe('Yes, it is.');
    expect(result.answer.usage).toEqual({ inputTokens: 10, outputTokens: 4, totalTokens: 14 });
  });

  it('reports an answer without text, and a refusal', async () => {
    h.sim.script(
      { status: 200, body: { type: 'message', content: [], stop_reason: 'max_tokens' } },
      { status: 200, body: { type: 'message', content: [], stop_reason: 'refusal' } },
    );
    const empty = failed(await h.client.chat(endpoint(h.sim, 'anthropic'), chatRequest()));
    expect(empty.error.message).toBe(
      `anthropic claude-sim at ${h.host} answered without a text block in content (stop_reason: max_tokens)`,
    );
    const refused = failed(await h.client.chat(endpoint(h.sim, 'anthropic'), chatRequest()));
    expect(refused.error.message).toBe(
      `anthropic claude-sim at ${h.host} declined to answer (stop_reason: refusal)`,
    );
  });

  it('tolerates a base URL that already ends in /v1', async () => {
    const base = `${h.sim.anthropicBaseUrl}/v1/`;
    answered(await h.client.chat(endpoint(h.sim, 'anthropic', { baseUrl: base }), chatRequest()));
    expect(h.sim.requests[0]!.path).toBe('/anthropic/v1/messages');
  });
});
