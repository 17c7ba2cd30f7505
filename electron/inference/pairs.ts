/**
 * Query–document pairs as a cross-encoder reads them, truncated the way it was trained: the
 * document side loses tokens from its end, the query and the special tokens stay whole.
 *
 * transformers.js truncates a pair by cutting the whole sequence at `max_length`, which drops
 * the final separator and can eat the query; so each text is tokenised once on its own and the
 * pair is assembled here from the tokenizer's own template (`[CLS] A [SEP] B [SEP]` for BERT,
 * `<s> A </s></s> B </s>` for XLM-R), read off one encoded example.
 */

/** The slice of a transformers.js tokenizer used here. */
export interface PairTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  _encode_plus(
    text: string,
    options: {
      text_pair: string;
      add_special_tokens: boolean;
      /** `null`: the tokenizer's own default (`model_input_names` in transformers). */
      return_token_type_ids: boolean | null;
    },
  ): { input_ids: number[]; token_type_ids?: number[] };
}

/** Special tokens around and between the two texts, with their token type ids. */
export interface PairTemplate {
  prefix: number[];
  middle: number[];
  suffix: number[];
  /** Token type of the query side (prefix, query, middle) and of the document side. */
  queryType: number;
  documentType: number;
}

export interface EncodedPair {
  ids: number[];
  typeIds: number[];
  /** Document tokens dropped to fit the maximum length. */
  truncatedTokens: number;
}

const PROBE = 'document';

export function pairTemplate(tokenizer: PairTokenizer, query: string): PairTemplate {
  const a = tokenizer.encode(query, { add_special_tokens: false });
  const b = tokenizer.encode(PROBE, { add_special_tokens: false });
  const pair = tokenizer._encode_plus(query, {
    text_pair: PROBE,
    add_special_tokens: true,
    // Type ids only where the tokenizer makes them, as transformers does: RoBERTa-style
    // tokenizers leave them out (their post-processor would mark the document 1, but the model
    // is fed zeros: transformers.js fills a declared `token_type_ids` it is not given with 0).
    return_token_type_ids: null,
  });
  const ids = pair.input_ids;
  const start = indexOf(ids, a, 0);
  const second = start < 0 ? -1 : indexOf(ids, b, start + a.length);
  if (start < 0 || second < 0 || a.length === 0 || b.length === 0) {
    throw new Error(
      "this model's tokenizer does not build pairs as [specials] query [specials] document [specials]",
    );
  }
  const types = pair.token_type_ids ?? ids.map(() => 0);
  return {
    prefix: ids.slice(0, start),
    middle: ids.slice(start + a.length, second),
    suffix: ids.slice(second + b.length),
    queryType: types[start] ?? 0,
    documentType: types[second] ?? 0,
  };
}

/** The token count of the query side plus every special token: what a document can't use. */
export function pairOverhead(template: PairTemplate, queryIds: readonly number[]): number {
  return template.prefix.length + queryIds.length + template.middle.length + template.suffix.length;
}

export function encodePair(
  template: PairTemplate,
  queryIds: readonly number[],
  documentIds: readonly number[],
  maxLength: number,
): EncodedPair {
  const room = maxLength - pairOverhead(template, queryIds);
  const kept = documentIds.length > room ? documentIds.slice(0, Math.max(0, room)) : documentIds;
  const ids = [...template.prefix, ...queryIds, ...template.middle, ...kept, ...template.suffix];
  const queryPart = template.prefix.length + queryIds.length + template.middle.length;
  const typeIds = ids.map((_, i) => (i < queryPart ? template.queryType : template.documentType));
  return { ids, typeIds, truncatedTokens: documentIds.length - kept.length };
}

function indexOf(haystack: readonly number[], needle: readonly number[], from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
