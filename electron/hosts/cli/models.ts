/**
 * `rerank-studio models`: the models folder from a terminal, through the same contract
 * operations as the Models panel. Download progress goes to stderr as a bar, when it is a terminal.
 */
import { parseArgs } from 'node:util';
import type { DownloadProgress, InstalledModel } from '../../../shared/contract/models';
import { progressBar } from './progress-bar';
import { CliInputError, EXIT, type CliIo } from './io';
import { caller, cliServices } from './session';
import type { OperationResponse } from '../../../shared/contract';

export const MODELS_USAGE = `Usage: rerank-studio models [list|import|download|delete] [options]

  models [list] [--json]              installed models and the catalog of known rerankers
  models import FOLDER [--id ORG/NAME] copy a folder in the Hugging Face layout into the models folder
  models download ORG/NAME [--q8] [--fp32] [--hub URL]
                                      download from the Hugging Face Hub (or a mirror; default
                                      HF_ENDPOINT or https://huggingface.co); resumes if interrupted
  models delete ORG/NAME

A local model column: {"strategy":"dedicated-model","provider":"local","model":"ORG/NAME",
"params":{"dtype":"fp32","maxLength":512,"batchSize":32,"threads":4}}
`;

export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    io.stdout(MODELS_USAGE);
    return EXIT.ok;
  }
  const [action = 'list', target, ...extra] = positionals;
  if (extra.length > 0) {
    throw new CliInputError(`unexpected argument "${extra[0]}"\n\n${MODELS_USAGE}`);
  }
  const services = cliServices(io);
  const call = caller(services);
  const need = (what: string) => {
    if (!target) throw new CliInputError(`${what} is required\n\n${MODELS_USAGE}`);
    return target;
  };
  try {
    switch (action) {
      case 'list': {
        const listed = await call('models:list', {});
        io.stdout(values.json ? `${JSON.stringify(listed)}\n` : formatList(listed));
        return EXIT.ok;
      }
      case 'import': {
        const { model } = await call('models:import', {
          path: need('a folder'),
          ...(values.id ? { id: values.id } : {}),
        });
        io.stdout(`${formatModel(model)}\n`);
        return EXIT.ok;
      }
      case 'download': {
        const dtypes = [
          ...(values.fp32 || !values.q8 ? ['fp32' as const] : []),
          ...(values.q8 ? ['q8' as const] : []),
        ];
        const bar = progressBar(io);
        services.events.subscribe((event, payload) => {
          if (event !== 'model:download') return;
          const progress = payload as DownloadProgress;
          bar.update({
            done: progress.receivedBytes,
            total: progress.totalBytes,
            label: formatProgress(progress),
            ...(progress.etaMs !== undefined ? { etaMs: progress.etaMs } : {}),
          });
        });
        const { model } = await call('models:download', {
          id: need('a model id'),
          dtypes,
          ...(values.hub ? { hubUrl: values.hub } : {}),
        }).finally(() => bar.clear());
        io.stdout(`${formatModel(model)}\n`);
        return EXIT.ok;
      }
      case 'delete': {
        const { deleted } = await call('models:delete', { id: need('a model id') });
        if (!deleted) throw new CliInputError(`no model "${target}" is installed`);
        return EXIT.ok;
      }
      default:
        throw new CliInputError(`unknown models action "${action}"\n\n${MODELS_USAGE}`);
    }
  } finally {
    await services.close();
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        id: { type: 'string' },
        hub: { type: 'string' },
        q8: { type: 'boolean' },
        fp32: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${MODELS_USAGE}`);
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function formatModel(model: InstalledModel): string {
  const length = model.maxLength ? `  max ${model.maxLength} tokens` : '';
  return `${model.id}  ${model.dtypes.join('+')}  ${mb(model.sizeBytes)}${length}`;
}

/** What the progress bar says beside the bar (the share and time left are the bar's). */
function formatProgress(progress: DownloadProgress): string {
  const file = progress.file ? ` ${progress.file}` : '';
  const speed = progress.bytesPerSecond ? ` at ${mb(progress.bytesPerSecond)}/s` : '';
  return progress.phase === 'downloading'
    ? `${mb(progress.receivedBytes)} of ${mb(progress.totalBytes)}${speed}${file}`
    : `${progress.phase}${file}`;
}

function formatList(listed: OperationResponse<'models:list'>): string {
  const installed = listed.installed.length
    ? listed.installed.map(formatModel).join('\n')
    : '(none: import a folder or download one below)';
  const catalog = listed.catalog
    .map(
      (m) =>
        `${m.id}  ~${m.sizeMb} MB  ${m.parameters}  ${m.license}  ${m.languages}  max ${m.maxLength}${m.note ? `  (${m.note})` : ''}`,
    )
    .join('\n');
  const cpu = listed.cpu
    ? `\n\nCPU: ${listed.cpu.model} (${listed.cpu.flags.join(' ') || 'no int8 flags read'}): q8 ${
        listed.cpu.kernel === 'exact' ? 'ranks as fp32' : listed.cpu.reason
      }\n`
    : '\n';
  return `Installed in ${listed.modelsDir}:\n${installed}\n\nKnown rerankers:\n${catalog}${cpu}`;
}
