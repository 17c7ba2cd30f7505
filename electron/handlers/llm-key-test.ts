/**
 * Testing an LLM backend's key: one tiny chat call ("reply OK", a few tokens, no retries)
 * against the endpoint a column would use. The answer's text does not matter, only that the
 * backend accepted the key and the model.
 */
import { describeLlm, type LlmProvider } from '../../shared/providers/llm-catalog';
import { resolveEndpoint } from '../engine/strategies/llm/endpoint';
import { createChatClient } from '../chat/chat-client';
import type { SecretStore } from '../secrets/secret-store';
import type { Transport } from '../transport/types';

const TEST_TIMEOUT_MS = 30_000;

export interface LlmKeyTest {
  ok: boolean;
  status?: number;
  message: string;
  url?: string;
}

export async function testLlmKey(
  secrets: SecretStore,
  transport: Transport,
  target: { provider: LlmProvider; baseUrl?: string; model?: string },
): Promise<LlmKeyTest> {
  const config = {
    version: 1 as const,
    name: 'key test',
    strategy: 'llm-judge' as const,
    provider: target.provider,
    ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
    ...(target.model ? { model: target.model } : {}),
  };
  const resolved = await resolveEndpoint(config, { concurrency: 1, maxRetries: 0 }, secrets);
  if (!resolved.ok) return { ok: false, message: resolved.error.message };
  const result = await createChatClient(transport).chat(resolved.endpoint, {
    messages: [{ role: 'user', content: 'Reply with the word OK.' }],
    temperature: 0,
    maxTokens: 5,
    signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
  });
  const last = result.wire.at(-1);
  const where = {
    ...(last?.status !== undefined ? { status: last.status } : {}),
    ...(last ? { url: last.url } : {}),
  };
  return result.ok
    ? {
        ok: true,
        message: `${describeLlm(target.provider).label} accepted the key (model ${resolved.endpoint.model})`,
        ...where,
      }
    : { ok: false, message: result.error.message, ...where };
}
