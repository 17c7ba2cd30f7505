/** Importers: every format into the same labelled set, and errors that name file, line and field. */
import { describe, expect, it } from 'vitest';
import { importFiles, roleOf } from './import-collections';
import { importCsv, importJsonl } from './import-rows';
import { evaluateRanking, parseMetrics } from './metrics';
import { parseTrecRun } from './trec-files';

const jsonl = [
  JSON.stringify({
    query_id: 'q1',
    query: 'okapi bm25',
    candidates: [
      { doc_id: 'd1', text: 'BM25 ranks documents', relevance: 2, judged: true },
      { doc_id: 'd2', text: 'a recipe for bread', relevance: 0, judged: false },
    ],
  }),
  '',
  JSON.stringify({
    qid: 7,
    text: 'second',
    candidates: [{ id: 'd9', content: 'x', relevance: '1' }],
  }),
].join('\n');

describe('JSONL', () => {
  it('reads queries, candidates in order, and only judged grades', () => {
    const set = importJsonl({ name: 'set.jsonl', text: jsonl });
    expect(set.queries).toEqual([
      {
        id: 'q1',
        text: 'okapi bm25',
        candidates: [
          { id: 'd1', text: 'BM25 ranks documents' },
          { id: 'd2', text: 'a recipe for bread' },
        ],
        judgments: { d1: 2 },
      },
      { id: '7', text: 'second', candidates: [{ id: 'd9', text: 'x' }], judgments: { d9: 1 } },
    ]);
  });

  it('takes qrels as the judgments, outside documents included, and says where they disagree', () => {
    const set = importFiles('jsonl', [{ name: 'set.jsonl', text: jsonl }], {
      qrels: { name: 'qrels.txt', text: 'q1 0 d1 3\nq1 0 far-away 2\n' },
    });
    expect(set.queries[0]!.judgments).toEqual({ d1: 3, 'far-away': 2 });
    expect(set.queries[1]!.judgments).toEqual({ d9: 1 });
    expect(set.warnings).toEqual([
      "the qrels cover 1 of 2 queries; the others keep the file's own grades",
      '1 grade in set.jsonl differ from the qrels; the qrels were used',
    ]);
  });

  it('takes any document id, "__proto__" included, as an ordinary key', () => {
    const line = JSON.stringify({
      query_id: 'q',
      query: 'x',
      candidates: [{ doc_id: '__proto__', text: 't', relevance: 2 }],
    });
    const [query] = importJsonl({ name: 'odd.jsonl', text: line }).queries;
    expect(Object.keys(query!.judgments)).toEqual(['__proto__']);
    const p1 = parseMetrics('p@1');
    if (!p1.ok) throw new Error(p1.error.message);
    expect(evaluateRanking(['__proto__'], query!.judgments, p1.value, 2)).toEqual({ 'p@1': 1 });
  });

  it('names the line and the field of a mistake', () => {
    const bad = (text: string) => () => importJsonl({ name: 'bad.jsonl', text });
    expect(bad('{"query_id":"q","query":"x","candidates":[{"doc_id":"a"}]}')).toThrow(
      'bad.jsonl: line 1: candidates[0]: missing "text" or "content"',
    );
    expect(
      bad(
        '\n{"query_id":"q","query":"x","candidates":[{"doc_id":"a","text":"t","relevance":1.5}]}',
      ),
    ).toThrow(
      'bad.jsonl: line 2: candidates[0]: "relevance": the relevance must be an integer (got 1.5)',
    );
    expect(bad('{"query":"x"')).toThrow(/^bad\.jsonl: line 1: not valid JSON/);
    expect(bad('{"query_id":"q","candidates":[]}')).toThrow(
      'bad.jsonl: line 1: missing "query" or "text"',
    );
    expect(bad('{"query_id":"q","query":"x","candidates":{}}')).toThrow(
      'bad.jsonl: line 1: "candidates" must be an array',
    );
    expect(bad('')).toThrow('bad.jsonl: no queries (the file is empty)');
  });
});

describe('CSV', () => {
  it('groups rows by query in file order; an empty relevance is unjudged', () => {
    const text =
      'query_id,query,doc_id,document,relevance\nq1,capital of france,a,"Paris, the capital",2\nq1,capital of france,b,Berlin,\nq2,"say ""hi""",c,hello,0\n';
    const set = importCsv({ name: 'pairs.csv', text });
    expect(set.queries).toEqual([
      {
        id: 'q1',
        text: 'capital of france',
        candidates: [
          { id: 'a', text: 'Paris, the capital' },
          { id: 'b', text: 'Berlin' },
        ],
        judgments: { a: 2 },
      },
      { id: 'q2', text: 'say "hi"', candidates: [{ id: 'c', text: 'hello' }], judgments: { c: 0 } },
    ]);
  });

  it('works without ids and with semicolons', () => {
    const set = importCsv({ name: 'p.csv', text: 'Query;Passage;Label\nq;one;1\nq;two;0\n' });
    expect(set.queries[0]).toMatchObject({ id: 'q', judgments: { '1': 1, '2': 0 } });
  });

  it('names the line and the column of a mistake', () => {
    const csv = (text: string) => () => importCsv({ name: 'p.csv', text });
    expect(csv('query,document\nq,d\n')).toThrow(
      'p.csv: line 1: the header needs a "relevance" column (found "query", "document")',
    );
    expect(csv('query,document,relevance\nq,d,1\nq,,1\n')).toThrow(
      'p.csv: line 3: "document" is empty',
    );
    expect(csv('query,document,relevance\nq,d,high\n')).toThrow(
      'p.csv: line 2: "relevance": the relevance must be an integer (got "high")',
    );
    expect(csv('query,document,relevance\nq,d,1,extra\n')).toThrow(/^p\.csv: line 2: /);
  });
});

describe('TREC', () => {
  const files = [
    { name: 'qrels.test.txt', text: 'q1 0 d1 1\nq1 0 d3 2\nq1 0 unseen 3\n' },
    {
      name: 'run.bm25.trec',
      text: 'q1 Q0 d1 1 5.0 bm25\nq1 Q0 d2 2 7.5 bm25\nq1 Q0 d3 3 5.0 bm25\nq2 Q0 d1 1 1 bm25\n',
    },
    { name: 'queries.tsv', text: 'q1\tfirst query\n' },
    { name: 'collection.tsv', text: 'd1\tone\nd2\ttwo\nd3\tthree\nd4\tnever retrieved\n' },
  ];

  it('orders each query by score, ties by document id descending, as trec_eval does', () => {
    const set = importFiles('trec', files);
    expect(set.queries).toEqual([
      {
        id: 'q1',
        text: 'first query',
        candidates: [
          { id: 'd2', text: 'two' },
          { id: 'd3', text: 'three' },
          { id: 'd1', text: 'one' },
        ],
        judgments: { d1: 1, d3: 2, unseen: 3 },
      },
    ]);
    expect(set.warnings).toEqual([
      '1 queries of run.bm25.trec have no text in queries.tsv and were left out',
    ]);
  });

  it('names what is missing or wrong', () => {
    expect(() => importFiles('trec', files.slice(0, 3))).toThrow(
      'a TREC set needs a passage collection (collection.tsv or corpus.jsonl); none of qrels.test.txt, run.bm25.trec, queries.tsv looks like one',
    );
    const missing = [...files.slice(0, 3), { name: 'collection.tsv', text: 'd1\tone\n' }];
    expect(() => importFiles('trec', missing)).toThrow(
      'run.bm25.trec: line 2: document "d2" is not in collection.tsv',
    );
    expect(() => parseTrecRun({ name: 'r.run', text: 'q1 Q0 d1 1 high tag\n' })).toThrow(
      'r.run: line 1: field 5 (score) must be a number (got "high")',
    );
    expect(() =>
      parseTrecRun({ name: 'r.run', text: 'q1 Q0 d1 1 1 t\nq1 Q0 d1 2 0.5 t\n' }),
    ).toThrow('r.run: line 2: document "d1" is listed twice for query "q1"');
    const badQrels = [{ name: 'qrels.txt', text: 'q1 0 d1\n' }, ...files.slice(1)];
    expect(() => importFiles('trec', badQrels)).toThrow(
      'qrels.txt: line 1: expected 4 fields "query-id iteration doc-id relevance", found 3',
    );
    const twice = [{ name: 'qrels.txt', text: 'q1 0 d1 1\nq1 0 d1 2\n' }, ...files.slice(1)];
    expect(() => importFiles('trec', twice)).toThrow(
      'qrels.txt: line 2: document "d1" is judged twice for query "q1"',
    );
  });
});

describe('BEIR', () => {
  const corpus = [
    { _id: 'c1', title: 'Okapi', text: 'bm25 is a ranking function' },
    { _id: 'c2', title: '', text: 'bread recipes' },
    { _id: 'c3', text: 'ranking with bm25 and bm25 again' },
  ]
    .map((d) => JSON.stringify(d))
    .join('\n');
  const files = [
    { name: 'corpus.jsonl', text: corpus },
    {
      name: 'queries.jsonl',
      text: '{"_id":"q1","text":"bm25 ranking"}\n{"_id":"q9","text":"not judged"}\n',
    },
    { name: 'qrels/test.tsv', text: 'query-id\tcorpus-id\tscore\nq1\tc1\t1\nq1\tc2\t0\n' },
    { name: 'qrels/dev.tsv', text: 'query-id\tcorpus-id\tscore\nq9\tc2\t1\n' },
  ];

  it('retrieves candidates with BM25 over the corpus for the judged queries of the test split', () => {
    const set = importFiles('beir', files, { depth: 2 });
    expect(set.queries).toHaveLength(1);
    expect(set.queries[0]!.candidates.map((c) => c.id)).toEqual(['c3', 'c1']);
    expect(set.queries[0]!.candidates[1]!.text).toBe('Okapi bm25 is a ranking function');
    expect(set.queries[0]!.judgments).toEqual({ c1: 1, c2: 0 });
    expect(set.warnings[0]).toBe(
      'candidates: the top 2 of 3 documents by BM25 (k1 1.2, b 0.75) over corpus.jsonl; that order is the baseline',
    );
  });

  it('takes candidates from a run file when one is given', () => {
    const set = importFiles('beir', [
      ...files,
      { name: 'bm25.run', text: 'q1 Q0 c2 1 9 r\nq1 Q0 c1 2 8 r\n' },
    ]);
    expect(set.queries[0]!.candidates.map((c) => c.id)).toEqual(['c2', 'c1']);
  });

  it('recognises the files of a set by name', () => {
    expect(roleOf('beir/scifact/qrels/test.tsv')).toBe('qrels');
    expect(roleOf('qrels.dl19-passage.txt')).toBe('qrels');
    expect(roleOf('run.bm25.txt')).toBe('run');
    expect(roleOf('topics.dl19.tsv')).toBe('queries');
    expect(roleOf('corpus.jsonl')).toBe('collection');
    expect(roleOf('notes.md')).toBeUndefined();
  });
});
