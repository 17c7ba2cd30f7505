/**
 * The contract: every operation the UI (or a script) can ask of a host, declared once.
 * Electron IPC, the loopback HTTP host and in-process calls are all typed and checked from it.
 */
import { z } from 'zod';
import { APP_COMMAND_IDS } from '../app/commands';
import { MAX_COLUMNS, MAX_INSTRUCTION_CHARS } from '../rerank/limits';
import type { DocumentInput } from '../rerank/documents';
import { checkRerankInput } from '../rerank/validation';
import { hasLoneSurrogate, repairLoneSurrogates } from '../util/unicode';
import { formatIssue } from './issues';
import type { EventName, OperationName } from './names';
import { ColumnResult, ColumnSpec, jsonObject, RunId } from './schemas';
import { historyOperations } from './history';
import { DownloadProgress, modelsOperations } from './models';
import { secretsOperations } from './secrets';
import { pipelinesOperations } from './pipelines';
import { evaluationOperations } from './evaluation';
import { EvaluationProgress } from '../evaluation/schemas';
import { workspaceOperations } from './workspaces';
import { filesOperations } from './files';
import { appOperations } from './app';

const RunOptions = z.object({
  runId: RunId,
  instruction: z.string().max(MAX_INSTRUCTION_CHARS).optional(),
  columns: z
    .array(ColumnSpec)
    .min(1, 'at least one column is required')
    .max(MAX_COLUMNS, `at most ${MAX_COLUMNS} columns can run at once`)
    .refine((columns) => new Set(columns.map((c) => c.id)).size === columns.length, {
      message: 'column ids must be unique',
    }),
  /** Call providers even when an identical call's result is cached. */
  bypassCache: z.boolean().optional(),
  /**
   * Refuse (`over_budget`, before any call) when the estimated cost exceeds this many USD.
   * Send again without it once the user has agreed to spend more.
   */
  budgetUsd: z.number().min(0).optional(),
  /**
   * How much the answer carries. `full` (the default, for the CLI, `serve` and scripts): every
   * column's whole result. `summary` (the app's renderer): run id, statuses, warnings and the
   * history flag only, because every column already reached the UI as a `run:progress` event
   * and its wire bodies need not cross the bridge a second time.
   */
  answer: z.enum(['full', 'summary']).optional(),
});

/** What a caller sends to `rerank:run`. */
export type RerankRunInput = z.input<typeof RunOptions> & {
  query: string;
  documents: DocumentInput[];
  topN?: number;
};

/**
 * `rerank:run` request. Query, documents and top_n are checked first, by the shared validator,
 * so the Bifrost messages come back word for word whatever else is wrong with the request.
 */
const RerankRunRequest = jsonObject<RerankRunInput>().transform((value, ctx) => {
  const fields = checkRerankInput(value);
  if (!fields.ok) {
    ctx.addIssue({
      code: 'custom',
      message: fields.error.message,
      path: fields.error.path ?? [],
    });
    return z.NEVER;
  }
  const options = RunOptions.safeParse(value);
  if (!options.success) {
    for (const issue of options.error.issues) {
      ctx.addIssue({ code: 'custom', message: formatIssue(issue), path: issue.path });
    }
    return z.NEVER;
  }
  let { instruction } = options.data;
  const warnings = [...fields.value.warnings];
  if (instruction !== undefined && hasLoneSurrogate(instruction)) {
    instruction = repairLoneSurrogates(instruction);
    warnings.push(
      'instruction contained invalid Unicode (a lone surrogate); it was replaced with U+FFFD',
    );
  }
  if (instruction?.trim() === '') instruction = undefined;
  return { ...options.data, ...fields.value, instruction, warnings };
});

/** What every `rerank:run` answer says, whichever shape was asked for. */
const RunAnswerFields = {
  runId: z.string(),
  /** `cancelled` if the run was cancelled before every column finished. */
  status: z.enum(['completed', 'cancelled']),
  /** Request-level notes: clamped top_n, repaired text. */
  warnings: z.array(z.string()),
  documentCount: z.int(),
  latencyMs: z.number(),
  /**
   * Whether the run is in the run history. The host commits it before answering, so a run
   * answered `saved: true` survives a crash of the host (and `history:get` returns it);
   * `saved: false` says why it is not there (the history cannot be opened or written). Absent
   * where the host keeps no history (`serve` without `--history`).
   */
  history: z
    .discriminatedUnion('saved', [
      z.object({ saved: z.literal(true) }),
      z.object({ saved: z.literal(false), reason: z.string() }),
    ])
    .optional(),
};

/** `answer: 'full'`: every column's whole result (rankings, usage, cost, wire exchanges). */
export const RerankRunAnswer = z.object({
  answer: z.literal('full'),
  ...RunAnswerFields,
  columns: z.array(ColumnResult),
});
export type RerankRunAnswer = z.output<typeof RerankRunAnswer>;

/** A column in a summary answer: which one, and how it ended. Its result came as an event. */
export const ColumnSummary = ColumnResult.pick({ columnId: true, status: true }).strict();
export type ColumnSummary = z.output<typeof ColumnSummary>;

/**
 * `answer: 'summary'`: no rankings, no wire bodies. Strict, so a host that leaks more into
 * it fails its own contract check.
 */
export const RerankRunSummary = z
  .object({ answer: z.literal('summary'), ...RunAnswerFields, columns: z.array(ColumnSummary) })
  .strict();
export type RerankRunSummary = z.output<typeof RerankRunSummary>;

const RerankRunResponse = z.discriminatedUnion('answer', [RerankRunAnswer, RerankRunSummary]);

const AppInfoResponse = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli', 'server', 'test']),
  dataDir: z.string(),
  platform: z.string(),
  arch: z.string(),
  versions: z.record(z.string(), z.string()),
});

interface OperationDef {
  request: z.ZodType;
  response: z.ZodType;
}

export const operations = {
  'app:info': {
    request: z.object({}).strict(),
    response: AppInfoResponse,
  },
  'rerank:run': {
    request: RerankRunRequest,
    response: RerankRunResponse,
  },
  'rerank:cancel': {
    request: z.object({ runId: RunId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  ...secretsOperations,
  ...modelsOperations,
  ...historyOperations,
  ...pipelinesOperations,
  ...evaluationOperations,
  ...workspaceOperations,
  ...filesOperations,
  ...appOperations,
} as const satisfies Record<OperationName, OperationDef>;

const RunProgressEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('column-started'), runId: z.string(), columnId: z.string() }),
  z.object({ type: z.literal('column-finished'), runId: z.string(), column: ColumnResult }),
  /**
   * Work done so far in a long column (added later: a listener that knows only the two types
   * above ignores it). `unit` says what `done` and `total` count: tokens a local model has
   * computed, or documents a provider has scored across its batches.
   */
  z.object({
    type: z.literal('column-progress'),
    runId: z.string(),
    columnId: z.string(),
    unit: z.enum(['tokens', 'documents']),
    done: z.number().nonnegative(),
    total: z.number().nonnegative(),
    /** Estimated time left for this column; absent until a rate is known. */
    etaMs: z.number().nonnegative().optional(),
  }),
  /**
   * Sent after every `column-finished` of the run and before the answer. Events are ordered on
   * their stream, but the answer may overtake them on its own connection (HTTP): once this
   * has arrived, a column whose event has not was lost, not late.
   */
  z.object({ type: z.literal('run-finished'), runId: z.string() }),
]);

export const events = {
  'run:progress': RunProgressEvent,
  'model:download': DownloadProgress,
  /** A menu item chosen in the desktop app (see shared/app/commands.ts). */
  'app:command': z.object({ command: z.enum(APP_COMMAND_IDS) }),
  /** Files the OS asked the desktop app to open (a double-clicked `.rerank.json`, say). */
  'app:open-paths': z.object({ paths: z.array(z.string().min(1)).min(1).max(50) }),
  'eval:progress': EvaluationProgress,
} as const satisfies Record<EventName, z.ZodType>;

/** What a caller sends. */
export type OperationRequest<N extends OperationName> = z.input<(typeof operations)[N]['request']>;
/** What a handler receives, after parsing and normalisation. */
export type ParsedRequest<N extends OperationName> = z.output<(typeof operations)[N]['request']>;
export type OperationResponse<N extends OperationName> = z.output<
  (typeof operations)[N]['response']
>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

// Compile-time proof that the name lists and the maps agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const operationNamesMatch: Same<keyof typeof operations, OperationName> = true;
const eventNamesMatch: Same<keyof typeof events, EventName> = true;
void operationNamesMatch;
void eventNamesMatch;
