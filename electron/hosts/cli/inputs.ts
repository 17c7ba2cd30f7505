/** Loading the CLI's file arguments: documents and pipeline configs. */
import {
  BM25_CONFIG,
  parsePipelineConfig,
  type PipelineConfig,
} from '../../../shared/pipeline/config';
import { readConfigText } from '../../../shared/pipeline/import-text';
import type { DocumentInput } from '../../../shared/rerank/documents';
import { parseDocumentsText, type DocumentsFormat } from '../../../shared/rerank/parse-documents';
import { CliInputError, type CliIo } from './io';

async function readSource(io: CliIo, file: string, flag: string): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder'
          : (error as Error).message;
    throw new CliInputError(`${flag} ${file}: ${reason}`);
  }
}

export async function loadDocuments(
  io: CliIo,
  file: string,
  format: DocumentsFormat,
): Promise<DocumentInput[]> {
  const text = await readSource(io, file, '--docs');
  const parsed = parseDocumentsText(text, { format, fileName: file });
  if (!parsed.ok) throw new CliInputError(`--docs ${file}: ${parsed.error.message}`);
  return parsed.value;
}

export async function loadConfig(io: CliIo, file: string | undefined): Promise<PipelineConfig> {
  if (file === undefined) return BM25_CONFIG;
  const text = await readSource(io, file, '--config');
  const raw = readConfigText(text, `--config ${file}`);
  if (!raw.ok) throw new CliInputError(raw.error.message);
  const config = parsePipelineConfig(raw.value);
  if (!config.ok) throw new CliInputError(`--config ${file}: ${config.error.message}`);
  return config.value;
}
