/**
 * `rerank-studio eval`: every `--config` and the input order over a labelled set, tested
 * against the input order or the `--baseline` config and pair by pair,
 * through the same `eval:*` operations as the panel, so both give the same numbers; the
 * evaluation is saved in the history like one started in the app. Ctrl+C cancels and still
 * prints (and saves) the queries that finished.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DATASET_FORMATS, type DatasetFormat } from '../../../shared/evaluation/dataset';
import { DEFAULT_METRICS, parseMetrics } from '../../../shared/evaluation/metrics';
import {
  columnLabels,
  INPUT_ORDER_LABEL,
  metricsByName,
  textTable,
} from '../../../shared/evaluation/report';
import { BASELINE_ID } from '../../../shared/evaluation/schemas';
import { loadConfig } from './inputs';
import { CliInputError, EXIT, type CliIo } from './io';
import { progressBar } from './progress-bar';
import type { EventPayload } from '../../../shared/contract';
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
  --baseline NAME     the config the others are tested against: its name (a repeated name
                      is "NAME (2)", …), or "input order" (the default, also "baseline")
  --table             print a readable table (with p-values against the baseline, and every
                      pair's, Holm–Bonferroni adjusted) instead of JSON
${BUDGET_USAGE}

Output: {"<config name>":{"ndcg@10":…,…},…,"baseline":{…}} on stdout ("baseline" is the input
order; with --baseline NAME it is printed as "input order"); notes on stderr, and a progress bar
with the time left when stderr is a terminal. The evaluation is saved in the history, every
pair's tests included.
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
        baseline: { type: 'string' },
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

/** Input-order names `--baseline` takes besides the configs' own. */
const INPUT_ORDER_NAMES = new Set(['baseline', INPUT_ORDER_LABEL, 'input-order']);

/**
 * The column id `--baseline NAME` names: a config by the label the output gives it (its name,
 * made unique as `bm25 (2)`), or the input order. Unknown names list the ones there are.
 */
function baselineColumn(name: string | undefined, configs: readonly PipelineConfig[]): string {
  if (name === undefined || INPUT_ORDER_NAMES.has(name.trim())) return BASELINE_ID;
  const labels = columnLabels({
    columns: configs.map((config, i) => ({
      columnId: columnId(i),
      name: config.name,
      baseline: false,
    })),
  });
  for (const [id, label] of labels) if (label === name.trim()) return id;
  const known = [...labels.values(), INPUT_ORDER_LABEL].map((l) => `"${l}"`).join(', ');
  throw new CliInputError(`--baseline: no config named "${name}"; the names are ${known}`);
}

const columnId = (index: number) => `c${index + 1}`;

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
  const baseline = baselineColumn(opts.baseline, configs);

  const services = cliServices(io);
  const call = caller(services);
  const evaluationId = randomUUID();
  const bar = progressBar(io);
  const cancel = () => {
    bar.clear();
    io.stderr('cancelling: the queries that finished are kept\n');
    void call('eval:cancel', { evaluationId });
  };
  const stopListening = services.events.subscribe((event, payload) => {
    if (event !== 'eval:progress') return;
    const progress = payload as EventPayload<'eval:progress'>;
    const failed = progress.failed ? ` (${progress.failed} with errors)` : '';
    bar.update({ ...progress, label: `${progress.done} of ${progress.total} queries${failed}` });
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
          columns: configs.map((config, i) => ({ id: columnId(i), config })),
          baseline,
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
    bar.clear();
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
    bar.clear();
    process.off('SIGINT', cancel);
    stopListening();
    await services.close();
  }
}
