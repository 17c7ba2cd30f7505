/**
 * The LLM backends the llm-judge and llm-listwise strategies talk to: OpenAI-compatible chat
 * completions (OpenAI, Ollama, vLLM, LM Studio, Together, DeepInfra, OpenRouter, …) and the
 * Anthropic Messages API. Plain data shared by the UI, the engine and the Keys panel.
 */
import type { Provider } from '../pipeline/config';

export interface LlmDescriptor {
  id: Provider;
  label: string;
  /** OpenAI-compatible: includes the version path (`…/v1`); Anthropic: the bare origin. */
  defaultBaseUrl: string;
  defaultModel: string;
  /** Suggestions for the model field; any string is accepted. */
  models: readonly string[];
  /** Where other servers speaking the same API live, for the base URL field's hints. */
  baseUrlHints: readonly { label: string; url: string }[];
  auth: { kind: 'bearer' | 'header'; header?: string; optional: boolean };
  keyEnv: readonly string[];
  /** Whether answers can carry token log-probabilities (yes/no judging by probability). */
  logprobs: boolean;
  defaultRateLimit: { requestsPerMinute: number; concurrency: number };
}

export const LLM_CATALOG = {
  'openai-compatible': {
    id: 'openai-compatible',
    label: 'OpenAI-compatible chat',
    defaultBaseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o-mini',
    models: ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1', 'llama3.1:8b', 'qwen2.5:7b-instruct'],
    baseUrlHints: [
      { label: 'OpenAI', url: 'https://api.openai.com/v1' },
      { label: 'Ollama', url: 'http://127.0.0.1:11434/v1' },
      { label: 'vLLM', url: 'http://127.0.0.1:8000/v1' },
      { label: 'LM Studio', url: 'http://127.0.0.1:1234/v1' },
      { label: 'Together', url: 'https://api.together.xyz/v1' },
      { label: 'DeepInfra', url: 'https://api.deepinfra.com/v1/openai' },
      { label: 'OpenRouter', url: 'https://openrouter.ai/api/v1' },
    ],
    // Local servers (Ollama, vLLM, LM Studio) take no key.
    auth: { kind: 'bearer', optional: true },
    keyEnv: ['OPENAI_API_KEY'],
    logprobs: true,
    defaultRateLimit: { requestsPerMinute: 500, concurrency: 4 },
  },
  anthropic: {
    id: 'anthropic',
    label: 'Anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    defaultModel: 'claude-3-5-haiku-latest',
    models: ['claude-3-5-haiku-latest', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
    baseUrlHints: [{ label: 'Anthropic', url: 'https://api.anthropic.com' }],
    auth: { kind: 'header', header: 'x-api-key', optional: false },
    keyEnv: ['ANTHROPIC_API_KEY'],
    logprobs: false,
    defaultRateLimit: { requestsPerMinute: 50, concurrency: 4 },
  },
} as const satisfies Partial<Record<Provider, LlmDescriptor>>;

export type LlmProvider = keyof typeof LLM_CATALOG;

export const LLM_PROVIDERS = Object.keys(LLM_CATALOG) as LlmProvider[];

export function isLlmProvider(provider: string | undefined): provider is LlmProvider {
  return provider !== undefined && provider in LLM_CATALOG;
}

export function describeLlm(provider: LlmProvider): LlmDescriptor {
  return LLM_CATALOG[provider];
}
