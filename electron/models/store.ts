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
import { modelType, ONNX_FILES, REQUIRED_FILES, type ModelDtype } from '../inference/model-files';

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
    return {
      id,
      dtypes,
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
      // Optimum exports put model.onnx at the top; transformers.js reads onnx/.
      const layout = DTYPES.flatMap((dtype) => {
        const nested = path.join(from, ONNX_FILES[dtype]);
        const flat = path.join(from, path.basename(ONNX_FILES[dtype]));
        if (existsSync(nested)) return [];
        return existsSync(flat) ? [[flat, ONNX_FILES[dtype]] as const] : [];
      });
      if (!DTYPES.some((d) => existsSync(path.join(from, ONNX_FILES[d]))) && layout.length === 0) {
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
