/** Local models: what is installed, the catalog, import, download with progress, delete. */
import { z } from 'zod';
import { isModelId } from '../models/catalog';
import { Q8_WEIGHTS } from '../models/int8-kernel';
import { PipelineConfig } from '../pipeline/config';
import { MAX_DOCUMENTS } from '../rerank/limits';

const ModelId = z
  .string()
  .refine(isModelId, 'a model id is "org/name", like "Xenova/ms-marco-MiniLM-L-6-v2"');

export const ModelDtype = z.enum(['fp32', 'q8']);

export const InstalledModel = z.object({
  id: ModelId,
  /** The ONNX variants present. */
  dtypes: z.array(ModelDtype),
  sizeBytes: z.number(),
  /** The tokenizer's own limit, when it states one. */
  maxLength: z.int().optional(),
  /** Instruction-aware (Qwen3-Reranker). */
  instruction: z.boolean().optional(),
  /**
   * What the q8 file's weights are: full-range signed (`int8`, which saturates on x86 int8
   * kernels without VNNI), 7-bit signed (`int8-7bit`, reduce_range) or `uint8` (neither does).
   */
  q8Weights: z.enum(Q8_WEIGHTS).optional(),
});
export type InstalledModel = z.output<typeof InstalledModel>;

export const CatalogEntry = z.object({
  id: ModelId,
  label: z.string(),
  sizeMb: z.number(),
  parameters: z.string(),
  license: z.string(),
  languages: z.string(),
  maxLength: z.int(),
  /** The variants the repository publishes. */
  dtypes: z.array(ModelDtype).min(1),
  q8Weights: z.enum(Q8_WEIGHTS).optional(),
  instruction: z.boolean().optional(),
  note: z.string().optional(),
});

/** This machine's CPU as int8 models care (shared/models/int8-kernel.ts). */
export const CpuInt8 = z.object({
  model: z.string(),
  arch: z.string(),
  flags: z.array(z.string()),
  kernel: z.enum(['exact', 'saturates', 'unknown']),
  reason: z.string(),
});
export type CpuInt8 = z.output<typeof CpuInt8>;

export const DownloadProgress = z.object({
  id: ModelId,
  phase: z.enum(['listing', 'downloading', 'verifying', 'done', 'failed', 'cancelled']),
  /** The file being fetched. */
  file: z.string().optional(),
  receivedBytes: z.number(),
  totalBytes: z.number(),
  message: z.string().optional(),
  /** Bytes per second, smoothed (shared/progress/time-left.ts); absent until known. */
  bytesPerSecond: z.number().nonnegative().optional(),
  /** Estimated time left for the whole download; absent until a rate is known. */
  etaMs: z.number().nonnegative().optional(),
});
export type DownloadProgress = z.output<typeof DownloadProgress>;

export const modelsOperations = {
  'models:list': {
    request: z.object({}).strict(),
    response: z.object({
      /** Where models live (the data folder's `models`). */
      modelsDir: z.string(),
      installed: z.array(InstalledModel),
      catalog: z.array(CatalogEntry),
      /** Whether q8 ranks as fp32 on the machine the models run on. */
      cpu: CpuInt8.optional(),
    }),
  },
  'models:import': {
    /** A folder in the Hugging Face layout (config, tokenizer, `onnx/model*.onnx`), copied in. */
    request: z
      .object({
        path: z.string().min(1, 'a folder path is required').max(4096),
        id: ModelId.optional(),
      })
      .strict(),
    response: z.object({ model: InstalledModel }),
  },
  'models:download': {
    /**
     * Downloads from the Hub (or a mirror) into the models folder; answers when done. Progress
     * arrives as `model:download` events. A partial download resumes where it stopped.
     */
    request: z
      .object({
        id: ModelId,
        dtypes: z.array(ModelDtype).min(1).default(['fp32']),
        /** The Hub or a mirror; default `HF_ENDPOINT` or https://huggingface.co. */
        hubUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict(),
    response: z.object({ model: InstalledModel }),
  },
  'models:cancel-download': {
    request: z.object({ id: ModelId }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'models:delete': {
    request: z.object({ id: ModelId }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  'models:estimate': {
    /**
     * How long a local column would take here, before it runs: a few documents are scored for
     * real (loading the model for the run) and the time is scaled to all of them.
     */
    request: z
      .object({
        config: PipelineConfig,
        query: z.string().min(1),
        instruction: z.string().max(20_000).optional(),
        documents: z.array(z.string()).min(1).max(MAX_DOCUMENTS),
      })
      .strict(),
    response: z.object({
      seconds: z.number(),
      loadMs: z.number(),
      tokensPerSecond: z.number(),
      /** Tokens the run will feed the model (every window's, with `longDocuments: chunk`). */
      tokens: z.number().optional(),
      probedDocuments: z.int(),
    }),
  },
} as const;
