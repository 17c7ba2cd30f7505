/**
 * App-wide operations besides `app:info`: the settings saved in the data folder, and the
 * diagnostics a user attaches to a bug report (versions, settings, key status without keys,
 * the host's recent problems, redacted).
 */
import { z } from 'zod';
import { AppSettings, THEMES } from '../app/settings';
import { KeyStatus, KeyStorage } from './secrets';

/** One problem the host logged, as the diagnostics carry it (already redacted). */
export const RecentProblem = z.object({
  at: z.number(),
  /** `bug` for an unexpected error, `problem` for one a user can act on. */
  kind: z.enum(['bug', 'problem']),
  where: z.string(),
  message: z.string(),
});
export type RecentProblem = z.output<typeof RecentProblem>;

/** The diagnostics a user exports for a bug report. */
export const Diagnostics = z.object({
  generatedAt: z.string(),
  app: z.object({
    name: z.string(),
    version: z.string(),
    host: z.string(),
    platform: z.string(),
    arch: z.string(),
    versions: z.record(z.string(), z.string()),
    /** With the home folder written `~`. */
    dataDir: z.string(),
  }),
  settings: AppSettings,
  historySchemaVersion: z.int(),
  keyStorage: KeyStorage.shape.kind,
  /** Per provider: whether a key is configured and where it comes from; never any of it. */
  keys: z.array(KeyStatus.pick({ provider: true, configured: true, source: true })),
  recentProblems: z.array(RecentProblem),
});
export type Diagnostics = z.output<typeof Diagnostics>;

/** `settings:*` and `app:diagnostics`. */
export const appOperations = {
  'settings:get': {
    request: z.object({}).strict(),
    response: AppSettings,
  },
  /** Changes the given settings; answers with all of them. */
  'settings:set': {
    request: z.object({ theme: z.enum(THEMES).optional() }).strict(),
    response: AppSettings,
  },
  'app:diagnostics': {
    request: z.object({}).strict(),
    response: Diagnostics,
  },
} as const;
