/** Which module answers each simulated provider. */
import type { ProviderHandler, SimProvider } from '../types';
import { bedrockHandler } from './bedrock';
import { azureHandler, cohereCompatibleHandler, cohereHandler, herokuHandler } from './cohere';
import { deepinfraHandler } from './deepinfra';
import { infinityHandler } from './infinity';
import { jinaHandler } from './jina';
import { llamaCppHandler } from './llama-cpp';
import { mixedbreadHandler } from './mixedbread';
import { nvidiaHandler } from './nvidia';
import { pineconeHandler } from './pinecone';
import { sglangHandler } from './sglang';
import { teiHandler } from './tei';
import { togetherHandler } from './together';
import { vertexHandler } from './vertex';
import { vllmHandler } from './vllm';
import { voyageHandler } from './voyage';

export const PROVIDER_HANDLERS: Record<SimProvider, ProviderHandler> = {
  cohere: cohereHandler,
  'cohere-compatible': cohereCompatibleHandler,
  heroku: herokuHandler,
  azure: azureHandler,
  bedrock: bedrockHandler,
  jina: jinaHandler,
  voyage: voyageHandler,
  mixedbread: mixedbreadHandler,
  pinecone: pineconeHandler,
  together: togetherHandler,
  nvidia: nvidiaHandler,
  vertex: vertexHandler,
  deepinfra: deepinfraHandler,
  tei: teiHandler,
  infinity: infinityHandler,
  vllm: vllmHandler,
  sglang: sglangHandler,
  'llama-cpp': llamaCppHandler,
};
