/**
 * What is checked on an untrusted pipeline config before its schema looks at it: how deeply it
 * nests, how many values it holds, and whether any field looks like a key.
 *
 * The schema is recursive (fallbacks and fusion members are whole configs), and zod recurses
 * with it; so does anything that walks a config afterwards. Nesting is therefore bounded here,
 * by one iterative walk with an explicit stack, which stops at the first limit it crosses: a
 * config of any size or depth is accepted or refused after at most {@link MAX_CONFIG_VALUES}
 * steps, and the schema then runs once over a tree of bounded depth (issue 18: 1,000 nested
 * fusions took 40 s and ended in a stack overflow).
 *
 * Imports nothing from config.ts, which imports this file.
 */
import { formatPath } from '../contract/issues';

/** How deep fusions may nest (a fusion of fusions of …): enough for any sensible pipeline. */
export const MAX_FUSION_DEPTH = 3;

/**
 * Levels of objects and arrays a config may nest. A three-deep fusion whose innermost member
 * has BM25 boosts and a fallback is about 20 levels; 64 leaves room, and keeps the schema's
 * recursion (a few dozen stack frames a level) far from the stack's end.
 */
export const MAX_CONFIG_NESTING = 64;

/**
 * Values (objects, arrays, strings, numbers …) a config may hold. Eight members of eight members
 * of eight members, each with the 100 keywords a BM25 config may boost, stay under it.
 */
export const MAX_CONFIG_VALUES = 100_000;

/** Field names that would mean someone is trying to put a secret into a config. */
export const SECRET_FIELD =
  /^(api[-_]?key|apikey|key[-_]?id|access[-_]?key.*|secret.*|token|password|authorization)$/i;

/** One reason to refuse a config, with the path of the field it is about. */
export interface ConfigLimitIssue {
  path: (string | number)[];
  message: string;
}

/**
 * A value on the walk's stack. `configs` marks what the schema will parse as a pipeline config
 * and how many fusions are above it on the chain of members: on a config itself, on the array
 * that holds configs (its items), or on a fusion's `params` (its `members`).
 */
interface Node {
  value: unknown;
  key: string | number | undefined;
  parent: Node | undefined;
  depth: number;
  role?: { kind: 'config' | 'configs' | 'fusion-params'; fusionsAbove: number };
}

/**
 * Walks `raw` (a config as parsed from JSON or YAML) once, iteratively. Returns the problems
 * found: the first nesting or size limit crossed (the walk stops there), or every field that
 * looks like a key. Empty when the config may go on to the schema.
 */
export function checkConfigLimits(raw: unknown): ConfigLimitIssue[] {
  const issues: ConfigLimitIssue[] = [];
  const stack: Node[] = [
    {
      value: raw,
      key: undefined,
      parent: undefined,
      depth: 1,
      role: { kind: 'config', fusionsAbove: 0 },
    },
  ];
  let values = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (++values > MAX_CONFIG_VALUES) {
      const limit = MAX_CONFIG_VALUES.toLocaleString('en-US');
      return [{ path: [], message: `the pipeline config is too large: over ${limit} values` }];
    }
    const { value, role } = node;
    if (typeof value !== 'object' || value === null) continue;
    if (node.depth > MAX_CONFIG_NESTING) {
      const path = pathOf(node);
      const message = `the pipeline config nests more than ${MAX_CONFIG_NESTING} levels deep (at ${shortPath(path)})`;
      return [{ path, message }];
    }
    const push = (inner: unknown, key: string | number, childRole?: Node['role']) =>
      stack.push({ value: inner, key, parent: node, depth: node.depth + 1, role: childRole });

    if (Array.isArray(value)) {
      const items =
        role?.kind === 'configs'
          ? { kind: 'config' as const, fusionsAbove: role.fusionsAbove }
          : undefined;
      for (let i = value.length - 1; i >= 0; i--) push(value[i], i, items);
      continue;
    }
    let fusions = 0;
    if (role?.kind === 'config') {
      fusions = role.fusionsAbove + fusionOf(value);
      if (fusions > MAX_FUSION_DEPTH) {
        const path = pathOf(node);
        const message = `${formatPath(path)}: fusions nest at most ${MAX_FUSION_DEPTH} levels deep`;
        return [{ path, message }];
      }
    }
    for (const [field, inner] of Object.entries(value)) {
      if (SECRET_FIELD.test(field)) {
        const path = [...pathOf(node), field];
        issues.push({
          path,
          message: `pipeline configs never hold keys: remove "${path.join('.')}" and store the key in the Keys panel or an environment variable`,
        });
      } else push(inner, field, childRole(role, fusions, value, field));
    }
  }
  return issues;
}

/**
 * A config's fallbacks are configs with a fusion count of their own (the schema checks each
 * as a config in its own right); a fusion's members continue its count.
 */
function childRole(
  role: Node['role'],
  fusions: number,
  value: object,
  field: string,
): Node['role'] {
  if (role?.kind === 'config') {
    if (field === 'fallbacks') return { kind: 'configs', fusionsAbove: 0 };
    if (field === 'params' && fusionOf(value) === 1) {
      return { kind: 'fusion-params', fusionsAbove: fusions };
    }
  }
  if (role?.kind === 'fusion-params' && field === 'members') {
    return { kind: 'configs', fusionsAbove: role.fusionsAbove };
  }
  return undefined;
}

/** 1 for a fusion config, 0 for any other object. */
const fusionOf = (value: object): number =>
  (value as { strategy?: unknown }).strategy === 'fusion' ? 1 : 0;

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** A path cut to its first 60 characters: a too-deep path is mostly repetition. */
function shortPath(path: (string | number)[]): string {
  const text = formatPath(path);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
