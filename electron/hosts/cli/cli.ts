/**
 * `rerank-studio` command line. Commands run the same contract handlers as the desktop and web
 * hosts, in-process, so validation and results are identical.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { dispatch } from '../../../shared/contract/dispatch';
import type { EventPayload, RerankRunAnswer } from '../../../shared/contract';
import type { DocumentsFormat } from '../../../shared/rerank/parse-documents';
import { APP_VERSION } from '../../platform/app-meta';
import { logBug } from '../../log/log';
import { loadConfig, loadDocuments } from './inputs';
import { keysCommand } from './keys';
import { modelsCommand } from './models';
import { exportCommand } from './export';
import { serveCommand } from '../server/serve-command';
import { evalCommand } from './evaluate';
import { CliInputError, EXIT, type CliIo } from './io';
import { progressBar } from './progress-bar';
import { cliServices, CommandFailed } from './session';
import { BUDGET_OPTIONS, BUDGET_USAGE, parseBudget, withinBudget } from './budget';

const USAGE = `Usage: rerank-studio <command> [options]

Commands:
  rerank   Rerank documents for a query and print Cohere-shaped JSON
  keys     Show, set, clear and test provider keys (rerank-studio keys --help)
  models   List, import, download and delete local models (rerank-studio models --help)
  export   A pipeline config in another system's format (rerank-studio export --help)
  serve    Serve pipeline configs over a Cohere-compatible API (rerank-studio serve --help)
  eval     Evaluate configs on a labelled set against the input order (rerank-studio eval --help)

rerank options:
  --query TEXT        the query (required)
  --docs FILE         documents: a JSON array of strings or {id?, text|content, metadata?}
                      objects, JSON Lines, or one document per line (blank lines skipped);
                      "-" reads standard input (required)
  --format F          auto (default) | json | jsonl | lines
  --config FILE       a pipeline config, JSON or YAML (default: BM25)
  --instruction TEXT  an instruction, for rerankers that take one
  --top-n N           return only the N best documents
${BUDGET_USAGE}

  -h, --help          show this help
  -v, --version       show the version

Output: {"results":[{"index":…,"relevance_score":…}, …]} on stdout; warnings on stderr, and
a progress bar with the time left for long runs when stderr is a terminal.
Exit codes: 0 success, 1 the rerank failed (e.g. the provider refused), 2 bad input or
configuration (e.g. no API key) or an estimate over --budget; the message names what is wrong.
`;

const FORMATS: DocumentsFormat[] = ['auto', 'json', 'jsonl', 'lines'];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? EXIT.badInput : EXIT.ok;
      case '-v':
      case '--version':
        io.stdout(`${APP_VERSION}\n`);
        return EXIT.ok;
      case 'rerank':
        return await rerankCommand(rest, io);
      case 'keys':
        return await keysCommand(rest, io);
      case 'models':
        return await modelsCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'eval':
        return await evalCommand(rest, io);
      default:
        throw new CliInputError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliInputError) {
      io.stderr(`${error.message}\n`);
      return EXIT.badInput;
    }
    if (error instanceof CommandFailed) {
      io.stderr(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

function parseCommandArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        query: { type: 'string' },
        docs: { type: 'string' },
        format: { type: 'string', default: 'auto' },
        config: { type: 'string' },
        instruction: { type: 'string' },
        'top-n': { type: 'string' },
        ...BUDGET_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

async function rerankCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseCommandArgs(args);
  if (options.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (options.docs === undefined)
    throw new CliInputError('--docs is required (a file, or - for standard input)');
  const format = options.format as DocumentsFormat;
  if (!FORMATS.includes(format)) {
    throw new CliInputError(
      `--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`,
    );
  }
  const documents = await loadDocuments(io, options.docs, format);
  const config = await loadConfig(io, options.config);
  const topN = parseTopN(options['top-n']);
  const budgetUsd = parseBudget(options.budget);

  const services = cliServices(io);
  const bar = progressBar(io);
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  services.events.subscribe((event, payload) => {
    const progress = payload as EventPayload<'run:progress'>;
    if (event !== 'run:progress' || progress.type !== 'column-progress') return;
    bar.update({
      ...progress,
      label: `${count(progress.done)} of ${count(progress.total)} ${progress.unit}`,
    });
  });
  const result = await withinBudget(io, budgetUsd, options.yes, (budget) =>
    dispatch(
      services.handlers,
      'rerank:run',
      {
        runId: randomUUID(),
        query: options.query,
        instruction: options.instruction,
        documents,
        topN,
        columns: [{ id: 'cli', config }],
        ...budget,
      },
      logBug,
    ),
  ).finally(() => {
    bar.clear();
    return services.close();
  });
  if (!result.ok) {
    io.stderr(`${result.error.message}\n`);
    const code = result.error.code;
    return code === 'invalid_request' || code === 'unsupported' || code === 'over_budget'
      ? EXIT.badInput
      : EXIT.failed;
  }
  const run = result.value as RerankRunAnswer;
  const column = run.columns[0]!;
  for (const warning of [...run.warnings, ...column.warnings]) io.stderr(`warning: ${warning}\n`);
  if (column.status !== 'ok') {
    io.stderr(`${column.error?.message ?? `rerank ${column.status}`}\n`);
    // A config the user must fix (bad params, no key, unavailable strategy) is bad input;
    // a provider that failed is a failed rerank.
    const code = column.error?.code;
    return code === 'invalid_request' || code === 'unsupported' ? EXIT.badInput : EXIT.failed;
  }
  const results = column.results.map(({ index, id, score }) =>
    id === undefined ? { index, relevance_score: score } : { index, id, relevance_score: score },
  );
  io.stdout(`${JSON.stringify({ results })}\n`);
  return EXIT.ok;
}

/** Keeps `--top-n` errors in the validator's words; only non-numbers are caught here. */
function parseTopN(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+(\.\d+)?$/.test(value.trim())) {
    throw new CliInputError(`top_n must be an integer (got "${value}")`);
  }
  return Number(value);
}
