/**
 * Pinecone Inference rerank: `Api-Key` header (not Bearer) plus an API version header;
 * documents are `{ text }` objects; results under `data[].score`.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG } from '../../../shared/providers/catalog';
import { ok } from '../../../shared/util/result';
import { compact, joinUrl, JSON_HEADERS, readScores, documentObjects } from '../adapter-kit';
import type { ProviderAdapter } from '../types';

const PineconeParams = z
  .object({
    apiVersion: z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'apiVersion looks like 2024-10')
      .default('2024-10'),
    rankFields: z.array(z.string().min(1)).optional(),
    truncate: z.enum(['END', 'NONE']).optional(),
    returnDocuments: z.boolean().default(false),
  })
  .strict();
type PineconeParams = z.output<typeof PineconeParams>;

const PineconeUsage = z.object({
  usage: z.object({ rerank_units: z.number().optional() }).partial().optional(),
});

export const pineconeAdapter: ProviderAdapter<PineconeParams> = {
  descriptor: PROVIDER_CATALOG.pinecone,
  params: PineconeParams,
  buildRequest: (call, p) => ({
    url: joinUrl(call.baseUrl, '/rerank'),
    headers: { ...JSON_HEADERS, 'X-Pinecone-API-Version': p.apiVersion },
    body: compact({
      model: call.model,
      query: call.query,
      documents: documentObjects(call),
      top_n: call.topN,
      return_documents: p.returnDocuments,
      rank_fields: p.rankFields,
      parameters: p.truncate ? { truncate: p.truncate } : undefined,
    }),
  }),
  parseResponse(body, call) {
    const scores = readScores('pinecone', body, call, {
      list: 'data',
      index: 'index',
      score: 'score',
    });
    if (!scores.ok) return scores;
    const usage = PineconeUsage.safeParse(body);
    const units = usage.success ? usage.data.usage?.rerank_units : undefined;
    return ok({ ...scores.value, usage: units === undefined ? undefined : { rerankUnits: units } });
  },
};
