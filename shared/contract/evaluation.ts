/**
 * Evaluation on labelled data: import a set, estimate the cost, run every column over every
 * query (progress as `eval:progress` events, cancel keeps what finished), and the saved
 * evaluations (list, open, delete).
 */
import { z } from 'zod';
import { DATASET_FORMATS, DatasetSummary } from '../evaluation/dataset';
import { MAX_CUTOFF } from '../evaluation/metrics';
import { BASELINE_ID, Evaluation, EvaluationListItem } from '../evaluation/schemas';
import { MAX_COLUMNS, MAX_DOCUMENTS, MAX_REQUEST_BYTES } from '../rerank/limits';
import { ColumnSpec, RunId } from './schemas';

const DatasetFile = z.object({
  name: z.string().min(1).max(4096),
  text: z
    .string()
    .max(MAX_REQUEST_BYTES, 'a file sent to eval:import is at most 20 MB; give its path instead'),
});

const EvalImportRequest = z
  .object({
    /** Default: from the file name (.jsonl, .csv) or the folder's files (BEIR, TREC). */
    format: z.enum(DATASET_FORMATS).optional(),
    /** Files picked in the UI (the renderer cannot read a folder); or… */
    files: z.array(DatasetFile).min(1).max(64).optional(),
    /** …a file or folder the host reads (large collections are streamed). */
    path: z.string().min(1).max(4096).optional(),
    /** TREC or BEIR qrels replacing or completing the set's judgments. */
    qrels: DatasetFile.optional(),
    qrelsPath: z.string().min(1).max(4096).optional(),
    /** BM25 candidates per query for BEIR sets without a run (default 100). */
    depth: z.int().min(1).max(MAX_DOCUMENTS).optional(),
  })
  .strict()
  .refine((r) => (r.files === undefined) !== (r.path === undefined), {
    message: 'give either files or a path',
  });

/** The columns to evaluate (the baseline is added by the host) and the limits. */
const EvalPlan = {
  datasetId: z.string().min(1).max(128),
  columns: z
    .array(ColumnSpec)
    .min(1, 'choose at least one column to evaluate')
    .max(MAX_COLUMNS - 1, `at most ${MAX_COLUMNS - 1} columns besides the baseline`)
    .refine((columns) => new Set(columns.map((c) => c.id)).size === columns.length, {
      message: 'column ids must be unique',
    })
    .refine((columns) => columns.every((c) => c.id !== BASELINE_ID), {
      message: `"${BASELINE_ID}" is the input-order column's id; choose another`,
    }),
  /** The first N evaluable queries. */
  maxQueries: z.int().min(1).optional(),
  /** The first N candidates of each query, in input order. */
  maxCandidates: z.int().min(1).max(MAX_DOCUMENTS).optional(),
};

const ColumnEstimate = z.object({
  columnId: z.string(),
  name: z.string(),
  /** A provider or LLM that bills per call. */
  paid: z.boolean(),
  usd: z.number().optional(),
  calls: z.int(),
  /** How the figure was reached, or why there is none. */
  detail: z.string(),
});

export const evaluationOperations = {
  'eval:import': { request: EvalImportRequest, response: DatasetSummary },
  /** Before running: queries, documents and, for paid columns, the cost at list prices. */
  'eval:estimate': {
    request: z.object(EvalPlan).strict(),
    response: z.object({
      queries: z.int(),
      documents: z.int(),
      columns: z.array(ColumnEstimate),
      totalUsd: z.number().optional(),
      paid: z.boolean(),
    }),
  },
  /** Runs and saves the evaluation; answers when it ends (finished or cancelled). */
  'eval:run': {
    request: z
      .object({
        evaluationId: RunId,
        ...EvalPlan,
        metrics: z.array(z.string().max(40)).min(1).max(20),
        threshold: z.int().min(-10).max(MAX_CUTOFF).default(1),
        /** Queries in flight at once. */
        concurrency: z.int().min(1).max(32).default(4),
        /** Refuse (`over_budget`, before any call) when the estimate exceeds this many USD. */
        budgetUsd: z.number().min(0).optional(),
        /**
         * The id of the column the summary tests the others against: one of `columns`, or
         * `"baseline"` (the input order, the default). Every pair is tested either way.
         */
        baseline: z.string().min(1).max(128).optional(),
      })
      .strict()
      .refine(
        (r) =>
          r.baseline === undefined ||
          r.baseline === BASELINE_ID ||
          r.columns.some((c) => c.id === r.baseline),
        {
          message: `the baseline must be the id of one of the columns, or "${BASELINE_ID}" for the input order`,
          path: ['baseline'],
        },
      ),
    response: Evaluation,
  },
  'eval:cancel': {
    request: z.object({ evaluationId: RunId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'eval:list': {
    request: z.object({ limit: z.int().min(1).max(500).optional() }).strict(),
    response: z.object({ evaluations: z.array(EvaluationListItem) }),
  },
  'eval:get': { request: z.object({ id: RunId }).strict(), response: Evaluation },
  'eval:delete': {
    request: z.object({ id: RunId }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
} as const;
