/**
 * Helpers of the chat client tests: a chat simulator and a real HTTP transport per test file,
 * endpoints for both backends, and a check that no key leaked into a result.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startChatSimulator, type Brain, type ChatSimulator } from '../llm-simulator/index';
import { createHttpTransport, type HttpTransport } from '../../electron/transport/http-transport';
import { createChatClient, type ChatClient } from '../../electron/chat/chat-client';
import type { ChatRequest, ChatResult, LlmBackend, LlmEndpoint } from '../../electron/chat/types';

export const OPENAI_KEY = 'sk-test-openai-5f4e3d2c1b0a-LAST';
export const ANTHROPIC_KEY = 'sk-ant-test-a1b2c3d4e5f6-LAST';

export interface Harness {
  sim: ChatSimulator;
  client: ChatClient;
  /** Every backoff or Retry-After pause the transport asked for, in ms (none is waited). */
  sleeps: number[];
  /** The simulator's host:port, as failure messages name it. */
  host: string;
}

/**
 * Starts a simulator (requiring OPENAI_KEY and ANTHROPIC_KEY) and a transport for the test
 * file; resets scripts, requests and recorded pauses before each test. Read the fields
 * inside tests: they are filled in by `beforeAll`.
 */
export function useChatHarness(respond?: Brain): Harness {
  const harness = {} as Harness;
  let transport: HttpTransport;
  beforeAll(async () => {
    harness.sim = await startChatSimulator({
      respond,
      keys: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
    });
    harness.sleeps = [];
    transport = createHttpTransport({
      sleep: (ms) => {
        harness.sleeps.push(ms);
        return Promise.resolve();
      },
    });
    harness.client = createChatClient(transport);
    harness.host = new URL(harness.sim.url).host;
  });
  afterAll(async () => {
    await transport.close();
    await harness.sim.close();
  });
  beforeEach(() => {
    harness.sim.reset();
    harness.sleeps.length = 0;
  });
  return harness;
}

export function endpoint(
  sim: ChatSimulator,
  backend: LlmBackend,
  overrides: Partial<LlmEndpoint> = {},
): LlmEndpoint {
  const anthropic = backend === 'anthropic';
  return {
    backend,
    baseUrl: anthropic ? sim.anthropicBaseUrl : sim.openaiBaseUrl,
    model: anthropic ? 'claude-sim' : 'gpt-sim',
    apiKey: anthropic ? ANTHROPIC_KEY : OPENAI_KEY,
    rateLimit: { requestsPerMinute: 0, concurrency: 4 },
    retry: { baseDelayMs: 1, capDelayMs: 2 },
    ...overrides,
  };
}

export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: 'Is Paris the capital of France?' }],
    temperature: 0,
    maxTokens: 50,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Neither key appears anywhere in the result: wire record, headers, bodies, messages. */
export function expectNoKey(result: ChatResult): void {
  const text = JSON.stringify(result);
  expect(text).not.toContain(OPENAI_KEY);
  expect(text).not.toContain(ANTHROPIC_KEY);
}

export function failed(result: ChatResult) {
  if (result.ok) throw new Error(`expected a failure, got the answer "${result.answer.text}"`);
  return result;
}

export function answered(result: ChatResult) {
  if (!result.ok) throw new Error(`expected an answer, got: ${result.error.message}`);
  return result;
}
