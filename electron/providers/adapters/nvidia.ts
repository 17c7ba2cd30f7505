/**
 * NVIDIA NIM text reranking (`/v1/ranking`): `query: {text}`, `passages: [{text}]`, and raw
 * logits back, not probabilities; the strategy squashes them for comparison.
 * https://docs.nvidia.com/nim/nemo-retriever/text-reranking/latest/using-reranking.html
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { joinUrl, JSON_HEADERS, readScores } from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const NvidiaParams = z
  .object({
    truncate: z.enum(['END', 'NONE']).default('END'),
    /** Hosted NVIDIA endpoints mount the API under another path. */
    path: z.string().startsWith('/').default('/v1/ranking'),
  })
  .strict();

export const nvidiaAdapter: ProviderAdapter<z.output<typeof NvidiaParams>> = {
  descriptor: PROVIDER_CATALOG.nvidia,
  params: NvidiaParams,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, p.path),
    headers: JSON_HEADERS,
    body: {
      model: call.model,
      query: { text: call.query },
      passages: call.documents.map((d) => ({ text: d.text })),
      truncate: p.truncate,
    },
  }),
  parseResponse: (body, call) =>
    readScores('nvidia', body, call, { list: 'rankings', index: 'index', score: 'logit' }),
};
