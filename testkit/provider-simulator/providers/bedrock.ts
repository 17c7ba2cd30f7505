/**
 * Amazon Bedrock agent-runtime `POST /rerank`, SigV4-signed for service `bedrock`.
 *
 * Verified:
 * - Body `{queries: [{type: "TEXT", textQuery: {text}}], sources: [{type: "INLINE",
 *   inlineDocumentSource: {type: "TEXT"|"JSON", textDocument: {text}, jsonDocument}}],
 *   rerankingConfiguration: {type: "BEDROCK_RERANKING_MODEL", bedrockRerankingConfiguration:
 *   {numberOfResults?, modelConfiguration: {modelArn, additionalModelRequestFields?}}}, nextToken?}`;
 *   response `{results: [{index, relevanceScore, document?}], nextToken?}`
 *   (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Rerank.html via
 *   PROVIDERS.md; the boto3 Rerank paginator reference).
 * - `numberOfResults` is optional, 1..1000
 *   (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_BedrockRerankingConfiguration.html).
 * - More results than sources: 400 ValidationException "Cannot provide numberOfResults value that
 *   exceeds the number of sources." (langgenius/dify#12774).
 * - Errors: JSON `{message}` with the error code in `x-amzn-ErrorType` (AWS REST-JSON protocol).
 * Not verified (chosen): queries must hold exactly one item and sources 1..1000 per the API
 * reference's array bounds, with the usual "1 validation error detected" wording; unknown members
 * are rejected (strict on purpose, to catch misspelt fields); the invalid-model message; the
 * document echo in results (in RerankDocument shape); the nextToken is this simulator's own
 * opaque format — a request with a nextToken must repeat the body it continues.
 */
import { randomUUID } from 'node:crypto';
import { verifySigV4 } from '../auth';
import { stableStringify } from '../../../shared/util/json';
import { fnv1a, rankDocuments } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import { isInteger, isRecord, present, unknownFields, type JsonObject } from '../validate';

const MODELS = ['cohere.rerank-v3-5:0', 'amazon.rerank-v1:0'];

const awsError = (status: number, type: string, text: string): SimResponse => ({
  status,
  headers: { 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID() },
  body: { message: text },
});
const validation = (text: string) => awsError(400, 'ValidationException', text);
const constraint = (value: string, path: string, rule: string) =>
  validation(
    `1 validation error detected: Value ${value} at '${path}' failed to satisfy constraint: ${rule}`,
  );

interface Source {
  text: string;
  document: JsonObject;
}

/** The text a source is ranked on plus its RerankDocument echo; a string is an error. */
function readSource(source: unknown, i: number): Source | string {
  const where = `sources.${i + 1}.member`;
  if (!isRecord(source) || source.type !== 'INLINE' || !isRecord(source.inlineDocumentSource)) {
    return `Value at '${where}' failed to satisfy constraint: Member must be an INLINE source with inlineDocumentSource`;
  }
  const inline = source.inlineDocumentSource;
  if (
    inline.type === 'TEXT' &&
    isRecord(inline.textDocument) &&
    typeof inline.textDocument.text === 'string'
  ) {
    const text = inline.textDocument.text;
    return { text, document: { type: 'TEXT', textDocument: { text } } };
  }
  if (inline.type === 'JSON' && present(inline.jsonDocument)) {
    return {
      text: JSON.stringify(inline.jsonDocument),
      document: { type: 'JSON', jsonDocument: inline.jsonDocument },
    };
  }
  return `Value at '${where}.inlineDocumentSource' failed to satisfy constraint: a TEXT source needs textDocument.text, a JSON source jsonDocument`;
}

/** Opaque page token: the offset plus a hash of the body it belongs to. */
function pageToken(offset: number, bodyHash: number): string {
  return Buffer.from(JSON.stringify({ o: offset, h: bodyHash })).toString('base64url');
}

function readPageToken(token: string, bodyHash: number): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (isRecord(parsed) && isInteger(parsed.o) && parsed.h === bodyHash && parsed.o > 0)
      return parsed.o;
  } catch {
    // falls through to "invalid"
  }
  return undefined;
}

async function rerank(ctx: SimContext): Promise<SimResponse> {
  const denied = await verifySigV4(ctx, ctx.options.aws, 'bedrock');
  if (denied) return awsError(denied.status, denied.type, denied.message);
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return awsError(
      400,
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  const unknown = unknownFields(body, [
    'queries',
    'sources',
    'rerankingConfiguration',
    'nextToken',
  ])[0];
  if (unknown !== undefined) return validation(`Unknown parameter in input: "${unknown}"`);

  const { queries, sources, rerankingConfiguration: config } = body;
  if (!Array.isArray(queries) || queries.length !== 1) {
    return constraint(
      JSON.stringify(queries ?? null),
      'queries',
      'Member must have length less than or equal to 1 and greater than or equal to 1',
    );
  }
  const q: unknown = queries[0];
  if (
    !isRecord(q) ||
    q.type !== 'TEXT' ||
    !isRecord(q.textQuery) ||
    typeof q.textQuery.text !== 'string'
  ) {
    return validation(
      "Value at 'queries.1.member' failed to satisfy constraint: a TEXT query needs textQuery.text",
    );
  }
  const query = q.textQuery.text;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > ctx.cap) {
    return constraint(
      Array.isArray(sources) ? `of length ${sources.length}` : 'null',
      'sources',
      `Member must have length less than or equal to ${ctx.cap} and greater than or equal to 1`,
    );
  }
  const read = sources.map(readSource);
  const bad = read.find((s): s is string => typeof s === 'string');
  if (bad !== undefined) return validation(`1 validation error detected: ${bad}`);
  const docs = read as Source[];

  if (
    !isRecord(config) ||
    config.type !== 'BEDROCK_RERANKING_MODEL' ||
    !isRecord(config.bedrockRerankingConfiguration)
  ) {
    return validation(
      "Value at 'rerankingConfiguration' failed to satisfy constraint: type must be BEDROCK_RERANKING_MODEL with bedrockRerankingConfiguration",
    );
  }
  const bedrockConfig = config.bedrockRerankingConfiguration;
  const modelConfig = bedrockConfig.modelConfiguration;
  if (!isRecord(modelConfig) || typeof modelConfig.modelArn !== 'string') {
    return validation(
      "Value null at 'rerankingConfiguration.bedrockRerankingConfiguration.modelConfiguration.modelArn' failed to satisfy constraint: Member must not be null",
    );
  }
  const arn = /^arn:aws:bedrock:([a-z0-9-]+)::foundation-model\/(.+)$/.exec(modelConfig.modelArn);
  if (!arn || arn[1] !== ctx.options.aws.region || !MODELS.includes(arn[2]!)) {
    return validation(`The provided model identifier is invalid: ${modelConfig.modelArn}`);
  }
  const wanted = bedrockConfig.numberOfResults;
  if (present(wanted) && (!isInteger(wanted) || wanted < 1 || wanted > 1000)) {
    return constraint(
      JSON.stringify(wanted),
      'rerankingConfiguration.bedrockRerankingConfiguration.numberOfResults',
      'Member must have value between 1 and 1000',
    );
  }
  if (isInteger(wanted) && wanted > docs.length) {
    return validation('Cannot provide numberOfResults value that exceeds the number of sources.');
  }

  const bodyHash = fnv1a(stableStringify({ ...body, nextToken: undefined }));
  let offset = 0;
  if (present(body.nextToken)) {
    const resumed =
      typeof body.nextToken === 'string' ? readPageToken(body.nextToken, bodyHash) : undefined;
    if (resumed === undefined)
      return validation('The provided nextToken is invalid or does not match this request.');
    offset = resumed;
  }
  const total = isInteger(wanted) ? wanted : docs.length;
  const ranked = rankDocuments(
    query,
    docs.map((d) => d.text),
  ).slice(0, total);
  const end = Math.min(total, offset + ctx.options.bedrockPageSize);
  return {
    status: 200,
    headers: { 'x-amzn-RequestId': randomUUID() },
    body: {
      results: ranked.slice(offset, end).map((r) => ({
        index: r.index,
        relevanceScore: r.probability,
        document: docs[r.index]!.document,
      })),
      ...(end < total ? { nextToken: pageToken(end, bodyHash) } : {}),
    },
  };
}

export const bedrockHandler: ProviderHandler = (ctx) =>
  ctx.path === '/rerank' ? rerank(ctx) : undefined;
