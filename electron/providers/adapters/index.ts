/** Every rerank provider's adapter, by provider id. The type makes a missing one a build error. */
import type { RerankProvider } from '../../../shared/providers/catalog';
import type { ProviderAdapter } from '../types';
import { bedrockAdapter } from './bedrock';
import { azureAdapter, cohereAdapter, cohereCompatibleAdapter, herokuAdapter } from './cohere';
import { deepinfraAdapter } from './deepinfra';
import { llamaCppAdapter, sglangAdapter } from './llm-engines';
import { nvidiaAdapter } from './nvidia';
import { pineconeAdapter } from './pinecone';
import { infinityAdapter, teiAdapter, vllmAdapter } from './self-hosted';
import { jinaAdapter, mixedbreadAdapter, togetherAdapter, voyageAdapter } from './token-billed';
import { vertexAdapter } from './vertex';

/**
 * Parameter types are erased here: an adapter's params only ever come from its own `params`
 * schema and go back into its own functions.
 */
const ADAPTERS: { [P in RerankProvider]: ProviderAdapter<unknown> } = {
  cohere: cohereAdapter,
  'cohere-compatible': cohereCompatibleAdapter,
  heroku: herokuAdapter,
  azure: azureAdapter,
  bedrock: bedrockAdapter,
  jina: jinaAdapter,
  voyage: voyageAdapter,
  mixedbread: mixedbreadAdapter,
  pinecone: pineconeAdapter,
  together: togetherAdapter,
  nvidia: nvidiaAdapter,
  vertex: vertexAdapter,
  deepinfra: deepinfraAdapter,
  tei: teiAdapter,
  infinity: infinityAdapter,
  vllm: vllmAdapter,
  sglang: sglangAdapter,
  'llama-cpp': llamaCppAdapter,
};

/** The adapter of a provider, for code that handles every provider alike. */
export function adapterFor(provider: RerankProvider): ProviderAdapter<unknown> {
  return ADAPTERS[provider];
}
