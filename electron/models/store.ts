/**
 * The models folder (`<data folder>/models/<org>/<name>/`, the Hugging Face layout that
 * transformers.js reads): what is installed, importing a folder, deleting. Downloads stage
 * their files under `.downloads/` and move them in once verified (./download.ts).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InstalledModel } from '../../shared/contract/models';
import { catalogModel, isModelId } from '../../shared/models/catalog';
import { describeJsonError } from '../../shared/util/json';
import {
  externalDataFiles,
  missingExternalData,
  OnnxFormatError,
  quantizedWeights,
  type ExternalDataFile,
} from '../inference/onnx-external-data';
import { modelType, ONNX_FILES, REQUIRED_FILES, type ModelDtype } from '../inference/model-files';
import type { Q8Weights } from '../../shared/models/int8-kernel';

/** A problem the user can fix, in words that name the file or folder. */
export class ModelStoreError extends Error {
  override name = 'ModelStoreError';
}

export const STAGING = '.downloads';
const DTYPES = Object.keys(ONNX_FILES) as ModelDtype[];

export interface ModelStore {
  readonly dir: string;
  list(): Promise<InstalledModel[]>;
  describe(id: string): Promise<InstalledModel | undefined>;
  import(source: string, id?: string): Promise<InstalledModel>;
  delete(id: string): Promise<boolean>;
}

const q8Kinds = new Map<string, { key: string; kind: Q8Weights | undefined }>();

/**
 * What the q8 file's weights are (full-range int8, 7-bit int8, uint8), read once per file
 * version: it decides whether q8 ranks as fp32 on a CPU whose int8 kernel saturates.
 */
export async function q8WeightsOf(file: string): Promise<Q8Weights | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined;
  const key = `${info.size}:${info.mtimeMs}`;
  const known = q8Kinds.get(file);
  if (known?.key === key) return known.kind;
  let kind: Q8Weights | undefined;
  try {
    const weights = await quantizedWeights(file);
    kind =
      weights.int8MaxAbs > 64
        ? 'int8'
        : weights.int8Tensors > 0
          ? 'int8-7bit'
          : weights.uint8Tensors > 0
            ? 'uint8'
            : undefined;
  } catch {
    kind = undefined; // a file ONNX Runtime will refuse with its own message
  }
  q8Kinds.set(file, { key, kind });
  return kind;
}

export function createModelStore(dir: string): ModelStore {
  const folder = (id: string) => path.join(dir, ...id.split('/'));

  async function describe(id: string): Promise<InstalledModel | undefined> {
    const at = folder(id);
    if (!isModelId(id) || !REQUIRED_FILES.every((file) => existsSync(path.join(at, file)))) {
      return undefined;
    }
    const dtypes = DTYPES.filter((dtype) => existsSync(path.join(at, ONNX_FILES[dtype])));
    if (dtypes.length === 0) return undefined;
    const maxLength = await modelMaxLength(path.join(at, 'tokenizer_config.json'));
    // Qwen3-Reranker reads the instruction, whatever the folder is called.
    const instruction =
      catalogModel(id)?.instruction ??
      modelType({ root: dir, id, dtype: dtypes[0]!, threads: 1 }) === 'qwen3';
    const q8Weights = dtypes.includes('q8')
      ? await q8WeightsOf(path.join(at, ONNX_FILES.q8))
      : undefined;
    return {
      id,
      dtypes,
      ...(q8Weights ? { q8Weights } : {}),
      sizeBytes: await folderSize(at),
      ...(maxLength ? { maxLength } : {}),
      ...(instruction ? { instruction } : {}),
    };
  }

  return {
    dir,
    describe,

    async list() {
      const found: InstalledModel[] = [];
      for (const org of await children(dir)) {
        if (org.startsWith('.')) continue;
        for (const name of await children(path.join(dir, org))) {
          const model = await describe(`${org}/${name}`);
          if (model) found.push(model);
        }
      }
      return found.sort((a, b) => a.id.localeCompare(b.id));
    },

    async import(source, requestedId) {
      const from = path.resolve(source);
      const info = await stat(from).catch(() => undefined);
      if (!info?.isDirectory()) throw new ModelStoreError(`${from} is not a folder`);
      for (const file of REQUIRED_FILES) {
        await readJson(path.join(from, file), file);
      }
      // Optimum exports put model.onnx (and model.onnx_data) at the top; transformers.js
      // reads onnx/, and ONNX Runtime looks for external data beside the model file.
      const layout: (readonly [string, string])[] = [];
      const models: string[] = [];
      for (const dtype of DTYPES) {
        const nested = path.join(from, ONNX_FILES[dtype]);
        const flat = path.join(from, path.basename(ONNX_FILES[dtype]));
        const file = existsSync(nested) ? nested : existsSync(flat) ? flat : undefined;
        if (!file) continue;
        models.push(file);
        const data = await externalData(from, file);
        if (file === flat) {
          layout.push([flat, ONNX_FILES[dtype]]);
          for (const location of data) {
            layout.push([path.join(from, location), path.join('onnx', location)]);
          }
        }
      }
      if (models.length === 0) {
        throw new ModelStoreError(
          `${from} has no ONNX model: expected onnx/model.onnx or onnx/model_quantized.onnx`,
        );
      }
      const id = requestedId ?? `local/${path.basename(from).replace(/[^A-Za-z0-9._-]+/g, '-')}`;
      if (!isModelId(id)) throw new ModelStoreError(`"${id}" is not a model id like "org/name"`);
      const target = folder(id);
      if (existsSync(target)) {
        throw new ModelStoreError(
          `a model "${id}" is already installed; delete it or choose another id`,
        );
      }
      const staging = path.join(dir, STAGING, `import-${process.pid}-${Date.now()}`);
      try {
        await cp(from, staging, {
          recursive: true,
          filter: (file) => !path.basename(file).startsWith('.'),
        });
        for (const [flat, nested] of layout) {
          if (!existsSync(path.join(staging, path.relative(from, flat)))) continue; // named twice
          await mkdir(path.dirname(path.join(staging, nested)), { recursive: true });
          await rename(path.join(staging, path.relative(from, flat)), path.join(staging, nested));
        }
        await mkdir(path.dirname(target), { recursive: true });
        await rename(staging, target);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      const model = await describe(id);
      if (!model) throw new ModelStoreError(`${id} was copied but is not a complete model`);
      return model;
    },

    async delete(id) {
      if (!isModelId(id)) return false;
      const target = folder(id);
      if (!existsSync(target)) return false;
      await rm(target, { recursive: true, force: true });
      await rmdir(path.dirname(target)).catch(() => undefined); // only if the org folder is empty
      return true;
    },
  };
}

/**
 * The external data files `file` names (relative to its folder), once each is checked to be
 * there in full and inside `folder`: ONNX Runtime would otherwise fail at load time with a
 * message that names neither file.
 */
async function externalData(folder: string, file: string): Promise<string[]> {
  const name = path.relative(folder, file).split(path.sep).join('/');
  let files: ExternalDataFile[];
  try {
    files = await externalDataFiles(file);
  } catch (error) {
    const why = error instanceof OnnxFormatError ? error.message : String(error);
    throw new ModelStoreError(`${folder}: ${name} is not a readable ONNX file (${why})`);
  }
  for (const { location } of files) {
    const resolved = path.resolve(path.dirname(file), location);
    if (path.isAbsolute(location) || !resolved.startsWith(folder + path.sep)) {
      throw new ModelStoreError(
        `${folder}: ${name} names external data "${location}" outside the folder`,
      );
    }
  }
  const problems = await missingExternalData(file);
  if (problems.length > 0) {
    throw new ModelStoreError(`${folder}: ${name} ${problems.join('; ')}`);
  }
  return files.map((data) => data.location);
}

async function children(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function readJson(file: string, name: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ModelStoreError(`${path.dirname(file)} has no ${name}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelStoreError(
      `${name} in ${path.dirname(file)} is not valid JSON (${describeJsonError(error, text)})`,
    );
  }
}

async function modelMaxLength(file: string): Promise<number | undefined> {
  try {
    const value = (JSON.parse(await readFile(file, 'utf8')) as { model_max_length?: unknown })
      .model_max_length;
    return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e6
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}
