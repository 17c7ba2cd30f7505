/**
 * The Cohere-compatible surface of the server, as data: what a request body may hold and the
 * response built from a column's result. Query, documents and top_n are left to the shared
 * validator (via `rerank:run`), so its messages come back word for word; only the fields that
 * are ours to read are checked here.
 */
import type { ColumnResult } from '../../../shared/contract/schemas';
import type { PipelineConfig } from '../../../shared/pipeline/config';

/** Fields of a Cohere (v1/v2), Jina or Cognipeer rerank body that we read. */
export interface RerankBody {
  model?: string;
  query: unknown;
  documents: unknown;
  topN: unknown;
  returnDocuments: boolean;
}

export type BodyCheck = { ok: true; value: RerankBody } | { ok: false; message: string };

/**
 * Reads a parsed JSON body. `top_n` (Cohere) and `topN` (Cognipeer's alias) are both taken;
 * fields we do not use (`max_tokens_per_doc`, `rank_fields`, `priority`) are accepted and
 * ignored, since the pipeline's own settings decide them, as a gateway's do.
 */
export function readRerankBody(body: unknown, defaultReturnDocuments: boolean): BodyCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'request body must be a JSON object' };
  }
  const fields = body as Record<string, unknown>;
  const { model } = fields;
  if (model !== undefined && typeof model !== 'string') {
    return {
      ok: false,
      message: `model must be a string naming a pipeline key (got ${typeOf(model)})`,
    };
  }
  const returnDocuments = fields.return_documents ?? defaultReturnDocuments;
  if (typeof returnDocuments !== 'boolean') {
    return {
      ok: false,
      message: `return_documents must be true or false (got ${typeOf(returnDocuments)})`,
    };
  }
  if (fields.top_n !== undefined && fields.topN !== undefined && fields.top_n !== fields.topN) {
    return { ok: false, message: 'top_n and topN disagree: send one of them' };
  }
  return {
    ok: true,
    value: {
      model: typeof model === 'string' ? model : undefined,
      query: fields.query,
      documents: fields.documents,
      topN: fields.top_n ?? fields.topN,
      returnDocuments,
    },
  };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

export interface RerankResponse {
  id: string;
  results: { index: number; relevance_score: number; document?: { text: string } }[];
  meta: {
    api_version: { version: string };
    reranker: string;
    strategy: string;
    model?: string;
    latency_ms: number;
    warnings?: string[];
  };
}

export function rerankResponse(options: {
  id: string;
  apiVersion: '1' | '2';
  key: string;
  config: PipelineConfig;
  column: ColumnResult;
  texts?: readonly string[];
  latencyMs: number;
  warnings: readonly string[];
}): RerankResponse {
  const { column, texts } = options;
  const model = column.producedBy?.model ?? options.config.model;
  const warnings = [...options.warnings, ...column.warnings];
  return {
    id: options.id,
    results: column.results.map(({ index, score }) =>
      texts
        ? { index, relevance_score: score, document: { text: texts[index]! } }
        : { index, relevance_score: score },
    ),
    // Absent fields as undefined, which JSON leaves out, rather than spread in: this runs for
    // every request, and a spread object literal is V8's slow path.
    meta: {
      api_version: { version: options.apiVersion },
      reranker: options.key,
      strategy: options.config.strategy,
      model: model || undefined,
      latency_ms: Math.round(options.latencyMs * 100) / 100,
      warnings: warnings.length ? warnings : undefined,
    },
  };
}
