/**
 * `rerank-studio eval`: every `--config` and the input-order baseline over a labelled set,
 * through the same `eval:*` operations as the panel, so both give the same numbers; the
 * evaluation is saved in the history like one started in the app. Ctrl+C cancels and still
 * prints (and saves) the queries that finished.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DATASET_FORMATS, type DatasetFormat } from '../../../shared/evaluation/dataset';
import { DEFAULT_METRICS, parseMetrics } from '../../../shared/evaluation/metrics';
import { metricsByName, textTable } from '../../../shared/evaluation/report';
import { loadConfig } from './inputs';
import { CliInputError, EXIT, type CliIo } from './io';
import { dispatch } from '../../../shared/contract/dispatch';
import type { PipelineConfig } from '../../../shared/pipeline/config';
import type { Evaluation } from '../../../shared/evaluation/schemas';
import { logBug } from '../../log/log';
import { BUDGET_OPTIONS, BUDGET_USAGE, parseBudget, withinBudget } from './budget';
import { caller, cliServices, CommandFailed } from './session';

export const EVAL_USAGE = `eval options:
  --config FILE       a pipeline config to evaluate, JSON or YAML (repeat for several; required)
  --dataset FILE|DIR  the labelled set: a .jsonl or .csv file, or a BEIR or TREC folder (required)
  --format F          jsonl | beir | trec | csv (default: from the file name or the folder)
  --qrels FILE        TREC or BEIR qrels: the judgments, including documents outside the
                      candidates (the ideal DCG needs them)
  --metrics LIST      comma-separated (default ${DEFAULT_METRICS.join(',')});
                      also p@k, map@k, mrr
  --threshold N       grade at or above which a document is relevant for the binary
                      metrics (default 1, as trec_eval; TREC DL uses 2)
  --limit N           evaluate only the first N queries
  --table             print a readable table (with p-values) instead of JSON
${BUDGET_USAGE}

Output: {"<config name>":{"ndcg@10":…,…},…,"baseline":{…}} on stdout (the baseline is the
input order); progress and notes on stderr. The evaluation is saved in the history.
`;

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        config: { type: 'string', multiple: true },
        dataset: { type: 'string' },
        format: { type: 'string' },
        qrels: { type: 'string' },
        metrics: { type: 'string', default: DEFAULT_METRICS.join(',') },
        threshold: { type: 'string', default: '1' },
        limit: { type: 'string' },
        table: { type: 'boolean' },
        ...BUDGET_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${EVAL_USAGE}`);
  }
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) {
    throw new CliInputError(`${flag} must be an integer of at least ${min} (got "${value}")`);
  }
  return Number(value);
}

export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const opts = options(args);
  if (opts.help) {
    io.stdout(EVAL_USAGE);
    return EXIT.ok;
  }
  if (!opts.config?.length)
    throw new CliInputError('--config is required (repeat it for several configs)');
  if (opts.dataset === undefined)
    throw new CliInputError('--dataset is required (a file or a folder)');
  const format = opts.format as DatasetFormat | undefined;
  if (format !== undefined && !DATASET_FORMATS.includes(format)) {
    throw new CliInputError(
      `--format must be one of ${DATASET_FORMATS.join(', ')} (got "${format}")`,
    );
  }
  const metrics = parseMetrics(opts.metrics);
  if (!metrics.ok) throw new CliInputError(`--metrics: ${metrics.error.message}`);
  const threshold = integer(opts.threshold, '--threshold', -10)!;
  const limit = integer(opts.limit, '--limit', 1);
  const budgetUsd = parseBudget(opts.budget);
  const configs: PipelineConfig[] = [];
  for (const file of opts.config) configs.push(await loadConfig(io, file));

  const services = cliServices(io);
  const call = caller(services);
  const evaluationId = randomUUID();
  const cancel = () => {
    io.stderr('cancelling: the queries that finished are kept\n');
    void call('eval:cancel', { evaluationId });
  };
  let reported = 0;
  const stopListening = services.events.subscribe((event, payload) => {
    if (event !== 'eval:progress') return;
    const { done, total, etaMs } = payload as { done: number; total: number; etaMs?: number };
    // About ten lines for a whole run, not one per query.
    if (done === total || done - reported >= Math.max(1, Math.ceil(total / 10))) {
      reported = done;
      const eta =
        etaMs !== undefined && done < total ? `, about ${Math.ceil(etaMs / 1000)} s left` : '';
      io.stderr(`evaluated ${done} of ${total} queries${eta}\n`);
    }
  });
  process.once('SIGINT', cancel);
  try {
    const imported = await call('eval:import', {
      path: opts.dataset,
      ...(format ? { format } : {}),
      ...(opts.qrels ? { qrelsPath: opts.qrels } : {}),
    });
    for (const warning of imported.warnings) io.stderr(`note: ${warning}\n`);
    const ran = await withinBudget(io, budgetUsd, opts.yes, (budget) =>
      dispatch(
        services.handlers,
        'eval:run',
        {
          evaluationId,
          datasetId: imported.datasetId,
          columns: configs.map((config, i) => ({ id: `c${i + 1}`, config })),
          metrics: metrics.value.map((m) => m.name),
          threshold,
          ...(limit !== undefined ? { maxQueries: limit } : {}),
          ...budget,
        },
        logBug,
      ),
    );
    if (!ran.ok) {
      // Over budget is the user's limit, like bad input: exit 2, with the estimate.
      if (ran.error.code === 'over_budget' || ran.error.code === 'invalid_request')
        throw new CliInputError(ran.error.message);
      throw new CommandFailed(ran.error.message);
    }
    const evaluation = ran.value as Evaluation;
    const known = new Set(imported.warnings);
    for (const warning of evaluation.warnings)
      if (!known.has(warning)) io.stderr(`note: ${warning}\n`);
    for (const column of evaluation.columns) {
      if (column.errors > 0) {
        io.stderr(
          `warning: "${column.name}" failed on ${column.errors} queries: ${column.firstError ?? ''}\n`,
        );
      }
    }
    io.stdout(
      opts.table ? `${textTable(evaluation)}\n` : `${JSON.stringify(metricsByName(evaluation))}\n`,
    );
    io.stderr(`saved as evaluation ${evaluation.id}\n`);
    const allFailed = evaluation.columns.some(
      (c) => !c.baseline && c.queries === 0 && c.errors > 0,
    );
    return evaluation.status === 'cancelled' || allFailed ? EXIT.failed : EXIT.ok;
  } finally {
    process.off('SIGINT', cancel);
    stopListening();
    await services.close();
  }
}
