/**
 * Faster tokenising with the same ids: for BERT-style tokenizers, a text is split at ASCII
 * whitespace into chunks and each distinct chunk's ids are remembered. Documents repeat words,
 * so most chunks are looked up, not tokenised. A new chunk of printable ASCII is lower-cased and
 * cut into letter-and-digit runs and single punctuation marks (what the normaliser and
 * pre-tokenizer do to such text), each of those remembered too and, the first time, encoded by
 * transformers.js itself; any other new chunk goes to transformers.js whole.
 *
 * Why it gives transformers.js's ids exactly (a differential test checks it on generated and
 * real text): with `BertNormalizer` (per-character cleaning, CJK spacing, lower-casing, accent
 * stripping), `BertPreTokenizer` (splits at whitespace and punctuation, drops the whitespace)
 * and `WordPiece` (each pre-token on its own), no step looks across a space, tab or line break:
 * the normaliser's only context-dependent rules (NFD reordering, the Greek final sigma) stop at
 * them, and no added token can span one, as none here contains anything but printable ASCII.
 * Every other tokenizer is left to transformers.js unchanged.
 */

/** The slice of a transformers.js tokenizer read here. */
export interface MemoTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  /** The parsed `tokenizer.json` (set by transformers.js's `PreTrainedTokenizer`). */
  _tokenizerJSON?: unknown;
  _tokenizerConfig?: unknown;
  /** transformers.js's pipeline; its WordPiece model is called directly for ASCII words. */
  _tokenizer?: {
    model?: ((tokens: string[]) => string[]) & {
      tokens_to_ids?: Map<string, number>;
      unk_token_id?: number;
    };
    added_tokens_map?: Map<string, { id: number }>;
  };
}

/** Encodes text without special tokens. */
export type Encode = (text: string) => number[];

/** Entries a memo holds before it starts again, bounding memory (~10–15 MB each at this size). */
const MEMO_LIMIT = 100_000;

/** Where a text is cut into chunks: the whitespace every BERT pre-tokenizer drops. */
const SEPARATOR = /[ \t\n\r]+/;
/** A chunk the ASCII path may take: printable ASCII, which the normaliser only lower-cases. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
/** BERT pre-tokens of printable ASCII: every non-alphanumeric character there is punctuation. */
const ASCII_PRE_TOKEN = /[a-zA-Z0-9]+|[^a-zA-Z0-9]/g;

interface TokenizerJson {
  normalizer?: { type?: unknown; lowercase?: unknown } | null;
  pre_tokenizer?: { type?: unknown } | null;
  model?: { type?: unknown; fuse_unk?: unknown };
  added_tokens?: { content?: unknown }[];
}

/** Whether chunk-by-chunk encoding is provably the same as whole-text encoding for this tokenizer. */
export function memoizable(tokenizer: MemoTokenizer): boolean {
  const json = tokenizer._tokenizerJSON as TokenizerJson | undefined;
  const config = (tokenizer._tokenizerConfig ?? {}) as Record<string, unknown>;
  if (!json) return false;
  const normalizer = json.normalizer?.type ?? null;
  return (
    (normalizer === null || normalizer === 'BertNormalizer') &&
    json.pre_tokenizer?.type === 'BertPreTokenizer' &&
    json.model?.type === 'WordPiece' &&
    // Fusing runs of unknown tokens looks across words.
    json.model.fuse_unk !== true &&
    // Whitespace handling transformers.js applies before the normaliser: must be off.
    !config.remove_space &&
    !config.do_lowercase_and_remove_accent &&
    (json.added_tokens ?? []).every(
      (token) => typeof token.content === 'string' && /^[\x21-\x7e]+$/.test(token.content),
    )
  );
}

/**
 * An encoder for `tokenizer` giving the ids of `tokenizer.encode(text, { add_special_tokens:
 * false })`, through a chunk memo where {@link memoizable} says that is exact. The memo lives as
 * long as the returned function: keep one per loaded tokenizer so later requests reuse it.
 */
export function memoEncoder(tokenizer: MemoTokenizer): Encode {
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  if (!memoizable(tokenizer)) return encode;
  const json = tokenizer._tokenizerJSON as TokenizerJson;
  // As BertNormalizer reads it: any truthy value lower-cases.
  const lowercase = Boolean(json.normalizer?.lowercase);
  // Added tokens are matched before normalising (or after, lower-cased): a chunk that may hold
  // one goes to transformers.js whole. Lower-casing both sides over-approximates both matches.
  const added = (json.added_tokens ?? []).map((token) => String(token.content).toLowerCase());
  const chunks = boundedMemo();
  const preTokens = boundedMemo();
  const wordPiece = wordPieceOf(tokenizer) ?? encode;

  const encodeAscii = (chunk: string): number[] => {
    const lower = chunk.toLowerCase();
    if (added.some((content) => lower.includes(content))) return encode(chunk);
    const ids: number[] = [];
    for (const preToken of (lowercase ? lower : chunk).match(ASCII_PRE_TOKEN)!) {
      append(ids, preTokens.get(preToken, wordPiece));
    }
    return ids;
  };
  const encodeChunk = (chunk: string) =>
    PRINTABLE_ASCII.test(chunk) ? encodeAscii(chunk) : encode(chunk);

  return (text) => {
    const ids: number[] = [];
    for (const chunk of text.split(SEPARATOR)) {
      if (chunk.length > 0) append(ids, chunks.get(chunk, encodeChunk));
    }
    return ids;
  };
}

/**
 * transformers.js's own WordPiece model and id lookup, as `encode` applies them to a text that
 * is already one normalised pre-token: the same ids without its per-call overhead (~6 µs).
 */
function wordPieceOf(tokenizer: MemoTokenizer): Encode | undefined {
  const pipeline = tokenizer._tokenizer;
  const model = pipeline?.model;
  const vocabulary = model?.tokens_to_ids;
  const added = pipeline?.added_tokens_map;
  const unknown = model?.unk_token_id;
  if (typeof model !== 'function' || !vocabulary || !added || unknown === undefined) return;
  return (preToken) =>
    model([preToken]).map((token) => added.get(token)?.id ?? vocabulary.get(token) ?? unknown);
}

function boundedMemo() {
  let memo = new Map<string, number[]>();
  return {
    get(key: string, compute: (key: string) => number[]): number[] {
      let value = memo.get(key);
      if (value === undefined) {
        value = compute(key);
        if (memo.size >= MEMO_LIMIT) memo = new Map();
        memo.set(key, value);
      }
      return value;
    },
  };
}

function append(target: number[], values: readonly number[]) {
  for (let i = 0; i < values.length; i++) target.push(values[i]!);
}
