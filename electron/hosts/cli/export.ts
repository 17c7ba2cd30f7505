/**
 * `rerank-studio export --config FILE --to TARGET [--out FILE]`: a pipeline config in another
 * system's format, through the same `pipelines:export` operation as the app's export dialog.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_TARGET_LABELS, EXPORT_TARGETS, isExportTarget } from '../../../shared/export';
import { formatConfigIssues } from '../../../shared/pipeline/import';
import { loadConfigFile } from '../../pipeline-library/library';
import { CliInputError, EXIT, type CliIo } from './io';
import { caller, cliServices } from './session';

const TARGET_LIST = EXPORT_TARGETS.map((t) => `  ${t.padEnd(14)}${EXPORT_TARGET_LABELS[t]}`).join(
  '\n',
);

export const EXPORT_USAGE = `export options:
  --config FILE       the pipeline config, JSON or YAML (required)
  --to TARGET         one of (required):
${TARGET_LIST}
  --out FILE          write there instead of standard output
  --query TEXT        the example query the code targets send (default: a sample)
`;

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        query: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${EXPORT_USAGE}`);
  }
  if (values.help) {
    io.stdout(EXPORT_USAGE);
    return EXIT.ok;
  }
  if (!values.config) throw new CliInputError(`--config is required\n\n${EXPORT_USAGE}`);
  if (!values.to || !isExportTarget(values.to)) {
    throw new CliInputError(
      `${values.to ? `unknown target "${values.to}"` : '--to is required'}; targets:\n${TARGET_LIST}`,
    );
  }
  const loaded = await loadConfigFile(values.config);
  if (!loaded.ok) throw new CliInputError(formatConfigIssues(loaded.errors));

  const services = cliServices(io);
  const call = caller(services);
  const { exports } = await call('pipelines:export', {
    config: loaded.value,
    targets: [values.to],
    ...(values.query
      ? { sample: { query: values.query, documents: ['Paris is the capital of France.'] } }
      : {}),
  }).finally(() => services.close());
  const result = exports[0]!;
  if (!result.ok) {
    io.stderr(`${result.reason}\n`);
    return EXIT.badInput;
  }
  if (values.out) {
    await writeOut(values.out, result.text);
    io.stderr(`wrote ${values.out}\n`);
  } else io.stdout(result.text);
  return EXIT.ok;
}

/** Writes `--out`; a path that cannot be written is the user's to fix (exit 2), not a crash. */
async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `no such folder ${path.dirname(path.resolve(file))}`
        : code === 'EISDIR'
          ? 'is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new CliInputError(`--out ${file}: cannot write: ${reason}`);
  }
}
