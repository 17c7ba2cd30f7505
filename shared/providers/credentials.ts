/**
 * Every provider a credential can be stored for: the rerank APIs and the LLM backends. The
 * Keys panel, the secret store and the CLI list and label them from here.
 */
import { describeAuth } from './auth';
import {
  PROVIDER_CATALOG,
  RERANK_PROVIDERS,
  type ProviderDescriptor,
  type RerankProvider,
} from './catalog';
import { LLM_CATALOG, LLM_PROVIDERS, type LlmProvider } from './llm-catalog';

export type KeyProvider = RerankProvider | LlmProvider;

export const KEY_PROVIDERS: readonly KeyProvider[] = [...RERANK_PROVIDERS, ...LLM_PROVIDERS];

export function isKeyProvider(provider: string | undefined): provider is KeyProvider {
  return provider !== undefined && (KEY_PROVIDERS as readonly string[]).includes(provider);
}

export interface CredentialInfo {
  label: string;
  /** Environment variables a headless host reads the credential from, in order. */
  keyEnv: readonly string[];
  /** AWS access key pair (Bedrock) rather than one API key. */
  aws: boolean;
  /** Servers that usually run without a key (self-hosted, local LLMs). */
  optional: boolean;
}

export function credentialInfo(provider: KeyProvider): CredentialInfo {
  if (provider in LLM_CATALOG) {
    const llm = LLM_CATALOG[provider as LlmProvider];
    return { label: llm.label, keyEnv: llm.keyEnv, aws: false, optional: llm.auth.optional };
  }
  const descriptor: ProviderDescriptor = PROVIDER_CATALOG[provider as RerankProvider];
  const auth = describeAuth(descriptor);
  return {
    label: descriptor.label,
    keyEnv: descriptor.keyEnv,
    aws: auth.kind === 'sigv4',
    optional: auth.kind === 'header' && auth.optional,
  };
}
