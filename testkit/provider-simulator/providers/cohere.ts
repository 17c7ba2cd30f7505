/**
 * Cohere Rerank v1/v2 and the endpoints that speak it: Cohere-compatible gateways, Heroku
 * Managed Inference, Azure AI Foundry.
 *
 * Verified:
 * - v2 makes `model` required, replaces `max_chunks_per_doc` with `max_tokens_per_doc` and drops
 *   object documents (https://docs.cohere.com/changelog/rerank-v3.5).
 * - v1 takes string or object documents with `rank_fields`, `return_documents`,
 *   `max_chunks_per_doc`; `len(documents) * max_chunks_per_doc > 10,000` is an error
 *   (https://docs.cohere.com/v1/changelog/new-maximum-document-length-for-rerank).
 * - Response `{id, results: [{index, relevance_score, document?}], meta: {api_version:
 *   {version, is_experimental}, billed_units: {search_units}}}` (https://docs.cohere.com/reference/rerank-1, as recorded in PROVIDERS.md).
 * - One search unit = one query with up to 100 documents (cohere.com/pricing FAQ), hence
 *   `search_units = ceil(documents / 100)`; a document longer than 500 tokens with the query
 *   is split into chunks that each count as a document (the same FAQ's earlier wording, quoted
 *   in issue 16), counted here with the simulator's whitespace tokens.
 * - Errors are `{message}`: 400 "invalid request: list of documents must not be empty",
 *   "invalid request: query must not be empty or be only whitespace"; 401 "no api key supplied" /
 *   "invalid api token" (https://docs.cohere.com/errors-reference); an unknown field is 422
 *   `{id, message: "unknown field: parameter 'top_k' is not a valid field. …"}` (HKUDS/LightRAG#1813).
 * Not verified (chosen): the wording of the missing-model, type, cap and top_n messages; v2
 * accepting `return_documents` — it is accepted but no documents are returned, so an adapter
 * that relies on the echo fails here rather than in production; `top_n` above the document count
 * is clamped; a v1 `max_chunks_per_doc: null` is taken as absent (LangChain.js's `CohereRerank`,
 * @langchain/cohere 1.0 with cohere-ai 7.21, sends it on every call without the option).
 * Azure's 401 body is the Azure AI services one; Heroku's shapes mirror Cohere's
 * (its own reference was not found), with Heroku platform-style `{id, message}` auth errors.
 */
import { randomUUID } from 'node:crypto';
import { checkBearer, checkHeaderKey, type AuthOutcome } from '../auth';
import { countTokens, rankDocuments, takeTop } from '../scoring';
import type { ProviderHandler, SimContext, SimResponse } from '../types';
import {
  asDocumentObject,
  isInteger,
  isRecord,
  isStringArray,
  present,
  unknownFields,
} from '../validate';

type Version = 'v1' | 'v2';

const V1_FIELDS = [
  'model',
  'query',
  'documents',
  'top_n',
  'rank_fields',
  'return_documents',
  'max_chunks_per_doc',
];
const V2_FIELDS = [
  'model',
  'query',
  'documents',
  'top_n',
  'max_tokens_per_doc',
  'priority',
  'return_documents',
];
const HEROKU_FIELDS = ['model', 'query', 'documents', 'top_n'];

const message = (status: number, text: string): SimResponse => ({
  status,
  body: { message: text },
});
const invalid = (text: string) => message(400, `invalid request: ${text}`);

interface Flavor {
  versions: readonly Version[];
  fields: (version: Version) => readonly string[];
  auth: (ctx: SimContext) => SimResponse | undefined;
}

function cohereAuth(outcome: AuthOutcome): SimResponse | undefined {
  if (outcome === 'ok') return undefined;
  return message(401, outcome === 'missing' ? 'no api key supplied' : 'invalid api token');
}

/** The text a document is ranked on: strings as they are, objects by their rank fields. */
function documentText(doc: unknown, rankFields: readonly string[]): string | undefined {
  if (typeof doc === 'string') return doc;
  if (!isRecord(doc)) return undefined;
  const parts: string[] = [];
  for (const field of rankFields) {
    const value = doc[field];
    if (value === undefined) return undefined;
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return parts.join('\n');
}

function rerank(ctx: SimContext, version: Version, flavor: Flavor): SimResponse {
  const denied = flavor.auth(ctx);
  if (denied) return denied;
  const body = ctx.body;
  if (ctx.jsonError !== undefined || !isRecord(body)) {
    return invalid('request body must be a JSON object');
  }
  const unknown = unknownFields(body, flavor.fields(version))[0];
  if (unknown !== undefined) {
    return {
      status: 422,
      body: {
        id: randomUUID(),
        message: `unknown field: parameter '${unknown}' is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/rerank`,
      },
    };
  }
  if (version === 'v2' && !present(body.model)) return invalid('model is required');
  if (present(body.model) && typeof body.model !== 'string')
    return invalid('model must be a string');
  if (typeof body.query !== 'string') return invalid('query must be a string');
  if (body.query.trim() === '') return invalid('query must not be empty or be only whitespace');
  const docs = body.documents;
  if (!Array.isArray(docs)) return invalid('documents must be a list');
  if (docs.length === 0) return invalid('list of documents must not be empty');
  if (docs.length > ctx.cap) {
    return invalid(`too many documents: received ${docs.length}, the maximum is ${ctx.cap}`);
  }
  if (version === 'v2' && !isStringArray(docs)) {
    return invalid('documents must be a list of strings; format structured data as YAML strings');
  }
  const rankFields = body.rank_fields;
  if (present(rankFields) && (!isStringArray(rankFields) || rankFields.length === 0)) {
    return invalid('rank_fields must be a non-empty list of strings');
  }
  const fields = isStringArray(rankFields) ? rankFields : ['text'];
  const texts: string[] = [];
  for (const [i, doc] of docs.entries()) {
    const text = documentText(doc, fields);
    if (text === undefined) {
      return invalid(
        `document at index ${i} must be a string or an object with the fields ${fields.join(', ')}`,
      );
    }
    texts.push(text);
  }
  const chunks = body.max_chunks_per_doc;
  if (present(chunks) && (!isInteger(chunks) || chunks < 1)) {
    return invalid('max_chunks_per_doc must be a positive integer');
  }
  if (isInteger(chunks) && docs.length * chunks > 10_000) {
    return invalid('len(documents) * max_chunks_per_doc must not exceed 10000');
  }
  for (const name of ['top_n', 'max_tokens_per_doc'] as const) {
    const value = body[name];
    if (present(value) && (!isInteger(value) || value < 1)) {
      return invalid(`${name} must be a positive integer`);
    }
  }
  if (present(body.return_documents) && typeof body.return_documents !== 'boolean') {
    return invalid('return_documents must be a boolean');
  }
  const withDocuments = version === 'v1' && body.return_documents === true;
  const ranked = takeTop(rankDocuments(body.query, texts), body.top_n as number | undefined);
  return {
    status: 200,
    body: {
      id: randomUUID(),
      results: ranked.map((r) => ({
        index: r.index,
        relevance_score: r.probability,
        ...(withDocuments
          ? {
              document: asDocumentObject(docs[r.index]),
            }
          : {}),
      })),
      meta: {
        api_version: { version: version === 'v1' ? '1' : '2', is_experimental: false },
        billed_units: { search_units: searchUnits(body.query, texts) },
      },
    },
  };
}

/** Chunks of at most 500 tokens, each holding the query, count as documents; 100 a unit. */
function searchUnits(query: string, documents: readonly string[]): number {
  const room = Math.max(1, 500 - countTokens(query));
  const chunks = documents.reduce(
    (sum, document) => sum + Math.max(1, Math.ceil(countTokens(document) / room)),
    0,
  );
  return Math.ceil(chunks / 100);
}

function route(flavor: Flavor): ProviderHandler {
  return (ctx) => {
    const version = /^\/(v1|v2)\/rerank$/.exec(ctx.path)?.[1] as Version | undefined;
    if (version === undefined || !flavor.versions.includes(version)) return undefined;
    return rerank(ctx, version, flavor);
  };
}

const bothVersions = (version: Version) => (version === 'v1' ? V1_FIELDS : V2_FIELDS);

export const cohereHandler = route({
  versions: ['v1', 'v2'],
  fields: bothVersions,
  auth: (ctx) => cohereAuth(checkBearer(ctx.headers, ctx.key)),
});

export const cohereCompatibleHandler = route({
  versions: ['v1', 'v2'],
  fields: bothVersions,
  auth: (ctx) => cohereAuth(checkBearer(ctx.headers, ctx.key)),
});

export const azureHandler = route({
  versions: ['v1', 'v2'],
  fields: bothVersions,
  auth: (ctx) =>
    checkHeaderKey(ctx.headers, 'api-key', ctx.key) === 'ok'
      ? undefined
      : {
          status: 401,
          body: {
            error: {
              code: '401',
              message:
                'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
            },
          },
        },
});

/** Heroku's rerank takes Cohere v2's body (strings, model required) at `/v1/rerank`. */
export const herokuHandler: ProviderHandler = (ctx) => {
  if (ctx.path !== '/v1/rerank') return undefined;
  return rerank(ctx, 'v2', {
    versions: ['v1'],
    fields: () => HEROKU_FIELDS,
    auth: (c) =>
      checkBearer(c.headers, c.key) === 'ok'
        ? undefined
        : { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } },
  });
};
