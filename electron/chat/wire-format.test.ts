import { describe, expect, it } from 'vitest';
import type { ChatRequest, LlmEndpoint } from './types';
import { buildRequest } from './wire-format';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0,
  maxTokens: 7,
  signal: new AbortController().signal,
};
const endpoint = (baseUrl: string): LlmEndpoint => ({
  backend: 'openai-compatible',
  baseUrl,
  model: 'm',
  rateLimit: { requestsPerMinute: 0, concurrency: 1 },
});

describe('the OpenAI-compatible token limit', () => {
  it('is max_completion_tokens for OpenAI itself and max_tokens for servers copying its API', () => {
    const openai = buildRequest(
      'https://api.openai.com/v1',
      endpoint('https://api.openai.com/v1'),
      request,
    );
    expect(openai.body).toMatchObject({ max_completion_tokens: 7 });
    expect(openai.body).not.toHaveProperty('max_tokens');
    const ollama = buildRequest(
      'http://127.0.0.1:11434/v1',
      endpoint('http://127.0.0.1:11434/v1'),
      request,
    );
    expect(ollama.body).toMatchObject({ max_tokens: 7 });
    expect(ollama.body).not.toHaveProperty('max_completion_tokens');
  });
});
