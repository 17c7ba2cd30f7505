/**
 * The workspace file (`*.rerank.json`): what the editor and the columns hold, so work can be
 * saved, reopened and autosaved. Plain, versioned, secret-free data: the columns are pipeline
 * configs, which refuse key-like fields, and a workspace refuses them anywhere else too.
 *
 * Keep version 1 stable: later versions add optional fields; a breaking change means
 * `version: 2` and a migration here. A file from a newer app is refused with a message.
 */
import { z } from 'zod';
import { formatIssue, formatPath, withoutPathPrefixes } from '../contract/issues';
import { PipelineConfig, SECRET_FIELD } from '../pipeline/config';
import { MAX_COLUMNS, MAX_DOCUMENTS, MAX_INSTRUCTION_CHARS } from '../rerank/limits';
import { parseJsonText } from '../util/json';
import { fail, ok, type Result } from '../util/result';

/** The `kind` every workspace file carries, which tells it from a pipeline config. */
export const WORKSPACE_KIND = 'rerank-studio-workspace';
export const WORKSPACE_VERSION = 1;
export const WORKSPACE_SUFFIX = '.rerank.json';

const WorkspaceDocument = z
  .object({
    text: z.string(),
    id: z.union([z.string(), z.int()]).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const WorkspaceColumn = z
  .object({
    config: PipelineConfig,
    /** Fusion columns: per member, the position of the column it follows (null: none). */
    linked: z.array(z.int().min(0).nullable()).optional(),
  })
  .strict();

/** A workspace file's schema (version 1). */
export const Workspace = z
  .object({
    kind: z.literal(WORKSPACE_KIND),
    version: z.literal(WORKSPACE_VERSION),
    query: z.string(),
    instruction: z.string().max(MAX_INSTRUCTION_CHARS),
    /** As typed in the Top N box: blank means all. */
    topN: z.string().max(20),
    documents: z.array(WorkspaceDocument).max(MAX_DOCUMENTS),
    columns: z.array(WorkspaceColumn).max(MAX_COLUMNS),
  })
  .strict()
  .superRefine((workspace, ctx) => {
    workspace.columns.forEach((column, i) =>
      column.linked?.forEach((target, member) => {
        if (target !== null && target >= workspace.columns.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['columns', i, 'linked', member],
            message: `columns[${i}].linked[${member}]: there is no column ${target}`,
          });
        }
      }),
    );
  });
export type Workspace = z.output<typeof Workspace>;

/** Whether parsed JSON says it is a workspace (and so should be read as one). */
export function looksLikeWorkspace(raw: unknown): boolean {
  return (
    typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === WORKSPACE_KIND
  );
}

/** Every key-like field name anywhere in the value, with its path. */
function secretFieldPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretFieldPaths(item, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([field, inner]) =>
    SECRET_FIELD.test(field) ? [[...path, field]] : secretFieldPaths(inner, [...path, field]),
  );
}

/**
 * Validates a parsed workspace: every problem, one per line, each starting with its path
 * (`columns[1].config.params.k1: …`), prefixed with `source` (a file name) when given.
 */
export function parseWorkspace(raw: unknown, source?: string): Result<Workspace> {
  const prefix = source ? `${source}: ` : '';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('invalid_request', `${prefix}a workspace file must hold a JSON object`);
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > WORKSPACE_VERSION) {
    return fail(
      'unsupported',
      `${prefix}this workspace was saved by a newer Rerank Studio (workspace version ${version}; this version reads up to ${WORKSPACE_VERSION}). Update Rerank Studio to open it.`,
      ['version'],
    );
  }
  const secrets = secretFieldPaths(raw);
  if (secrets.length > 0) {
    const where = secrets.map((p) => formatPath(p)).join(', ');
    return fail(
      'invalid_request',
      `${prefix}workspaces never hold keys: remove ${where} and keep keys in the Keys panel or environment variables`,
      secrets[0],
    );
  }
  const parsed = Workspace.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const lines = [...new Set(parsed.error.issues.map((issue) => withPath(issue)))];
  const first = parsed.error.issues[0]?.path.map((key) =>
    typeof key === 'symbol' ? String(key) : key,
  );
  return fail('invalid_request', `${prefix}${lines.join(`\n${prefix}`)}`, first);
}

/** Custom messages already carry their path; zod's own get it in front. */
function withPath(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  const message = withoutPathPrefixes(formatIssue(issue), path);
  return path === '' || message.startsWith(path) ? message : `${path}: ${message}`;
}

/** Reads a workspace file's text; broken JSON names the line and column. */
export function parseWorkspaceText(text: string, source?: string): Result<Workspace> {
  const json = parseJsonText(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!json.ok)
    return fail('invalid_request', `${source ? `${source}: ` : ''}${json.error.message}`);
  return parseWorkspace(json.value, source);
}

/** The text written to a workspace file: stable field order, two-space indent, newline. */
export function workspaceText(workspace: Workspace): string {
  return `${JSON.stringify(workspace, null, 2)}\n`;
}

/** What a workspace is called in the UI: its file name without `.rerank.json`. */
export function workspaceName(file: string | undefined): string {
  if (!file) return 'Untitled';
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.rerank\.json$/i, '').replace(/\.json$/i, '') || base;
}

/** A save target's file name: `name.rerank.json`. */
export function workspaceFileName(name: string): string {
  return `${name.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'workspace'}${WORKSPACE_SUFFIX}`;
}
