/**
 * Saved pipelines (a library of named configs, one file each, that `serve` can serve as it
 * is) and exporting a config to other systems' formats. Validation of a saved config lists
 * every problem with its path; an export that a target cannot express is a result with the
 * reason, not an error.
 */
import { z } from 'zod';
import { EXPORT_TARGETS } from '../export/types';
import { PipelineConfig, Slug } from '../pipeline/config';
import { jsonObject } from './schemas';

const Key = Slug;

/** From the run history: how the pipeline has done, across every host that recorded it. */
export const PipelineStats = z.object({
  runs: z.int(),
  averageLatencyMs: z.number().optional(),
  errors: z.int(),
  lastRunAt: z.number().optional(),
  lastError: z.object({ message: z.string(), at: z.number() }).optional(),
});
export type PipelineStats = z.output<typeof PipelineStats>;

export const SavedPipeline = z.object({
  /** Always has its `key`. */
  config: PipelineConfig,
  /** The file it lives in, under the data folder's `pipelines/`. */
  file: z.string(),
  stats: PipelineStats,
});
export type SavedPipeline = z.output<typeof SavedPipeline>;

/** A file in the library that is not a valid config: shown, never dropped or overwritten. */
export const LibraryProblem = z.object({ file: z.string(), message: z.string() });

/** How much of the editor the code targets' example may carry (the dialog clips to fit). */
export const EXPORT_SAMPLE_LIMITS = { queryChars: 2000, documentChars: 20_000, documents: 20 };

const ExportResultSchema = z.discriminatedUnion('ok', [
  z.object({
    target: z.enum(EXPORT_TARGETS),
    ok: z.literal(true),
    text: z.string(),
    fileName: z.string(),
    language: z.enum(['json', 'yaml', 'shell', 'typescript', 'python', 'dockerfile']),
  }),
  z.object({ target: z.enum(EXPORT_TARGETS), ok: z.literal(false), reason: z.string() }),
]);

export const pipelinesOperations = {
  /** Every saved pipeline, by name, with its history figures; files that do not parse. */
  'pipelines:list': {
    request: z.object({}).strict(),
    response: z.object({ pipelines: z.array(SavedPipeline), problems: z.array(LibraryProblem) }),
  },
  'pipelines:get': {
    request: z.object({ key: Key }).strict(),
    response: SavedPipeline,
  },
  /**
   * Creates or replaces a pipeline. Without a `key` one is made from the name, unique in the
   * library; `replaces` names the pipeline being edited (its file goes if the key changed).
   * `config` is checked by the handler so that every problem is listed at once.
   */
  'pipelines:save': {
    request: z
      .object({ config: jsonObject<Record<string, unknown>>(), replaces: Key.optional() })
      .strict(),
    response: SavedPipeline,
  },
  'pipelines:delete': {
    request: z.object({ key: Key }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  /** The config in the given targets' formats (all of them by default). */
  'pipelines:export': {
    request: z
      .object({
        config: PipelineConfig,
        targets: z.array(z.enum(EXPORT_TARGETS)).max(EXPORT_TARGETS.length).optional(),
        /** The example the code targets send: the editor's query and first documents. */
        sample: z
          .object({
            query: z.string().min(1).max(EXPORT_SAMPLE_LIMITS.queryChars),
            documents: z
              .array(z.string().max(EXPORT_SAMPLE_LIMITS.documentChars))
              .min(1)
              .max(EXPORT_SAMPLE_LIMITS.documents),
          })
          .strict()
          .optional(),
      })
      .strict(),
    response: z.object({ exports: z.array(ExportResultSchema) }),
  },
} as const;
