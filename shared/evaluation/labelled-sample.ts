/**
 * A tiny TREC-style labelled set made in code, in every import format, with metric values
 * worked out by hand for its input order. It has what the hard cases need: a judged document
 * outside the candidates (it raises the ideal DCG and the recall denominator), an unjudged
 * candidate, a query with judgments but no relevant document (scores 0, counts in the mean)
 * and a query with no judgment at all (skipped, as trec_eval skips it). The tests of every layer
 * (metrics, importers, CLI, store, e2e) use it, so their figures can be checked by hand.
 */

interface SetQuery {
  id: string;
  text: string;
  candidates: [id: string, text: string][];
  judgments: Record<string, number>;
}

export const LABELLED_QUERIES: SetQuery[] = [
  {
    id: 'q1',
    text: 'apple pie recipe',
    candidates: [
      ['d1', 'The stock market fell sharply on Monday.'],
      [
        'd2',
        'An apple pie recipe: apples, butter, sugar and a flaky crust. Bake the pie for an hour.',
      ],
      ['d3', 'Apple trees grow best in cool climates.'],
      ['d4', 'A recipe for bread needs flour, water and yeast.'],
    ],
    // "o1" is judged but not among the candidates; d4 is never judged.
    judgments: { d1: 0, d2: 3, d3: 1, o1: 2 },
  },
  {
    id: 'q2',
    text: 'okapi bm25 ranking',
    candidates: [
      ['e1', 'Okapi BM25 is a ranking function used by search engines.'],
      ['e2', 'Okapi is a kind of animal related to the giraffe.'],
      ['e3', 'BM25 ranking weighs term frequency against document length.'],
    ],
    judgments: { e1: 2, e2: 0, e3: 2 },
  },
  {
    id: 'q3',
    text: 'moon landing date',
    candidates: [
      ['f1', 'Tides are caused by the moon.'],
      ['f2', 'The first landing strip was built in 1909.'],
    ],
    judgments: { f1: 0 },
  },
  {
    id: 'q4',
    text: 'nobody judged this',
    candidates: [['g1', 'A document about nothing in particular.']],
    judgments: {},
  },
];

const log2 = Math.log2;

/**
 * The input order's figures with threshold 2, by hand:
 * - q1 gains 0, 3, 1, 0; ideal 3, 2, 1. MRR 1/2; relevant d2, o1: recall 1/2, AP (1/2)/2.
 * - q2 gains 2, 0, 2; ideal 2, 2. MRR 1; recall 2/2; AP (1/1 + 2/3)/2.
 * - q3 has judgments but no relevant document: 0 everywhere. q4 is not evaluated.
 */
export const BASELINE_FIGURES = {
  'ndcg@10':
    ((3 / log2(3) + 1 / log2(4)) / (3 + 2 / log2(3) + 1 / log2(4)) +
      (2 + 2 / log2(4)) / (2 + 2 / log2(3)) +
      0) /
    3,
  'mrr@10': (1 / 2 + 1 + 0) / 3,
  'recall@100': (1 / 2 + 1 + 0) / 3,
  map: (1 / 2 / 2 + (1 + 2 / 3) / 2 + 0) / 3,
};

/** One query per line, as ../shared/datasets/trec-dl-passage-bm25-top100/ has them. */
export function labelledJsonl(): string {
  return LABELLED_QUERIES.map((q) =>
    JSON.stringify({
      query_id: q.id,
      query: q.text,
      candidates: q.candidates.map(([id, text]) => ({
        doc_id: id,
        text,
        relevance: q.judgments[id] ?? 0,
        judged: id in q.judgments,
      })),
    }),
  ).join('\n');
}

/** TREC qrels of every judgment, the outside document included. */
export function labelledQrels(): string {
  return LABELLED_QUERIES.flatMap((q) =>
    Object.entries(q.judgments).map(([doc, grade]) => `${q.id} 0 ${doc} ${grade}`),
  ).join('\n');
}

/** A TREC set: qrels, a run with descending scores in the input order, queries, collection. */
export function labelledTrecFiles(): Record<string, string> {
  return {
    'qrels.txt': labelledQrels(),
    'run.baseline.trec': LABELLED_QUERIES.flatMap((q) =>
      q.candidates.map(([id], i) => `${q.id} Q0 ${id} ${i + 1} ${(10 - i).toFixed(1)} baseline`),
    ).join('\n'),
    'queries.tsv': LABELLED_QUERIES.map((q) => `${q.id}\t${q.text}`).join('\n'),
    'collection.tsv': LABELLED_QUERIES.flatMap((q) =>
      q.candidates.map(([id, text]) => `${id}\t${text}`),
    ).join('\n'),
  };
}

/** CSV pairs; judged candidates only get a relevance (the outside document cannot be a row). */
export function labelledCsv(): string {
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const rows = LABELLED_QUERIES.flatMap((q) =>
    q.candidates.map(([id, text]) =>
      [q.id, cell(q.text), id, cell(text), q.judgments[id] ?? ''].join(','),
    ),
  );
  return ['query_id,query,doc_id,document,relevance', ...rows].join('\n');
}
