/**
 * Cohere Rerank v2 (`/v2/rerank`, string documents, `max_tokens_per_doc`, `priority`) and v1
 * (`/v1/rerank`, object documents with `rank_fields`, `max_chunks_per_doc`), and the endpoints
 * that speak the same format: any Cohere-compatible gateway (Bifrost, LiteLLM, Kong, …),
 * Heroku Managed Inference and Azure AI Foundry. Only the descriptor (auth, defaults) differs.
 */
import { z } from 'zod';
import { PROVIDER_CATALOG, type ProviderDescriptor } from '../../../shared/providers/catalog';
import { ok } from '../../../shared/util/result';
import { compact, fromCohereShape, joinUrl, JSON_HEADERS } from '../adapter-kit';
import type { AdapterCall, ProviderAdapter } from '../types';

const CohereParams = z
  .object({
    apiVersion: z.enum(['v1', 'v2']).default('v2'),
    /** Overrides the path, for gateways that mount the API elsewhere. */
    path: z.string().startsWith('/').optional(),
    /** v1 only: which fields of object documents to rank on, in order. */
    rankFields: z.array(z.string().min(1)).min(1).optional(),
    returnDocuments: z.boolean().optional(),
    priority: z.int().min(0).max(999).optional(),
    /** v1 only. */
    maxChunksPerDoc: z.int().min(1).optional(),
  })
  .strict();
type CohereParams = z.output<typeof CohereParams>;

const CohereMeta = z
  .object({
    meta: z
      .object({
        billed_units: z.object({ search_units: z.number().optional() }).partial().optional(),
        tokens: z
          .object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() })
          .partial()
          .optional(),
      })
      .partial()
      .optional(),
  })
  .passthrough();

function documentsFor(call: AdapterCall, params: CohereParams): unknown[] {
  if (params.apiVersion === 'v2') return call.documents.map((d) => d.text);
  // v1 takes objects: metadata fields become rankable with rank_fields.
  return call.documents.map((d) => (d.metadata ? { ...d.metadata, text: d.text } : d.text));
}

function cohereFamily(
  descriptor: ProviderDescriptor,
  options: { defaultVersion?: 'v1' | 'v2'; envDefaults?: ProviderAdapter['envDefaults'] } = {},
): ProviderAdapter<CohereParams> {
  const params = options.defaultVersion
    ? CohereParams.extend({ apiVersion: z.enum(['v1', 'v2']).default(options.defaultVersion) })
    : CohereParams;
  return {
    descriptor,
    params,
    envDefaults: options.envDefaults,
    sendsMaxTokensPerDoc: true,
    buildRequest(call, p) {
      const v2 = p.apiVersion === 'v2';
      return {
        url: joinUrl(call.baseUrl, p.path ?? `/${p.apiVersion}/rerank`),
        headers: JSON_HEADERS,
        body: compact({
          model: call.model,
          query: call.query,
          documents: documentsFor(call, p),
          top_n: call.topN,
          return_documents: p.returnDocuments,
          rank_fields: v2 ? undefined : p.rankFields,
          max_chunks_per_doc: v2 ? undefined : p.maxChunksPerDoc,
          max_tokens_per_doc: v2 ? call.maxTokensPerDoc : undefined,
          priority: p.priority,
        }),
      };
    },
    parseResponse(body, call) {
      const parsed = fromCohereShape(descriptor.id, body, call);
      if (!parsed.ok) return parsed;
      const meta = CohereMeta.safeParse(body);
      const m = meta.success ? meta.data.meta : undefined;
      const usage = compact({
        searchUnits: m?.billed_units?.search_units,
        inputTokens: m?.tokens?.input_tokens,
        outputTokens: m?.tokens?.output_tokens,
      });
      return ok({ ...parsed.value, usage: Object.keys(usage).length > 0 ? usage : undefined });
    },
  };
}

export const cohereAdapter = cohereFamily(PROVIDER_CATALOG.cohere);
export const cohereCompatibleAdapter = cohereFamily(PROVIDER_CATALOG['cohere-compatible'], {
  defaultVersion: 'v1',
});
/** Heroku's add-on sets RERANK_URL, RERANK_KEY and RERANK_MODEL_ID on the app. */
export const herokuAdapter = cohereFamily(PROVIDER_CATALOG.heroku, {
  defaultVersion: 'v1',
  envDefaults: (env) => compact({ baseUrl: env.RERANK_URL, model: env.RERANK_MODEL_ID }),
});
export const azureAdapter = cohereFamily(PROVIDER_CATALOG.azure);
