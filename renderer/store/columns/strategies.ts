/**
 * Pure helpers behind the LLM and fusion columns: fresh configs, switching the LLM backend,
 * editing one param, and keeping a fusion's members in step with the columns they came from.
 *
 * A fusion's members are whole configs (a saved pipeline must stand on its own), but in the
 * workbench each member remembers the column it was taken from (`Column.linked`), and follows
 * that column's edits until the column is removed; then the member stays as it last was.
 */
import {
  MAX_FUSION_MEMBERS,
  parsePipelineConfig,
  type PipelineConfig,
} from '../../../shared/pipeline/config';
import type { LlmProvider } from '../../../shared/providers/llm-catalog';
import { fail, ok, type Result } from '../../../shared/util/result';

export type LlmStrategy = 'llm-judge' | 'llm-listwise';

export const LLM_STRATEGY_NAMES: Record<LlmStrategy, string> = {
  'llm-judge': 'LLM judge',
  'llm-listwise': 'LLM listwise',
};

export function llmStrategyConfig(
  strategy: LlmStrategy,
  provider: LlmProvider = 'openai-compatible',
): PipelineConfig {
  return { version: 1, name: LLM_STRATEGY_NAMES[strategy], strategy, provider };
}

/** Another backend: the model and URL of the old one mean nothing to it; the rest stays. */
export function withLlmProvider(config: PipelineConfig, provider: LlmProvider): PipelineConfig {
  const next = { ...config, provider };
  delete next.model;
  delete next.baseUrl;
  return next;
}

/** `params[name] = value`, or without `name` when value is undefined. */
export function withParam(config: PipelineConfig, name: string, value: unknown): PipelineConfig {
  // A heuristic without params is BM25 with its defaults; its params must name the method.
  const params = {
    ...(config.params ?? (config.strategy === 'heuristic' ? { method: 'bm25' } : {})),
  };
  if (value === undefined) delete params[name];
  else params[name] = value;
  const next: PipelineConfig = { ...config, params };
  if (Object.keys(params).length === 0) delete next.params;
  return next;
}

/** A number typed into a param field; blank removes it (the default applies). */
export function withNumberParam(
  config: PipelineConfig,
  name: string,
  text: string,
): Result<PipelineConfig> {
  if (text.trim() === '') return ok(withParam(config, name, undefined));
  const value = Number(text);
  if (!Number.isFinite(value)) return fail('invalid_request', `${name} must be a number`);
  return ok(withParam(config, name, value));
}

/** The column a fusion's members are taken from, with the id that links them. */
export interface MemberSource {
  id: string;
  config: PipelineConfig;
}

export interface FusionSetup {
  config: PipelineConfig;
  linked: (string | undefined)[];
}

/** A reciprocal rank fusion of the given columns (fusions among them left out). */
export function fusionOf(sources: readonly MemberSource[]): FusionSetup {
  const members = sources
    .filter((s) => s.config.strategy !== 'fusion')
    .slice(0, MAX_FUSION_MEMBERS);
  return {
    config: {
      version: 1,
      name: 'Fusion',
      strategy: 'fusion',
      params: { method: 'rrf', members: members.map((m) => m.config) },
    },
    linked: members.map((m) => m.id),
  };
}

const membersOf = (config: PipelineConfig) =>
  (Array.isArray(config.params?.members) ? config.params.members : []) as PipelineConfig[];
const weightsOf = (config: PipelineConfig) =>
  Array.isArray(config.params?.weights) ? (config.params.weights as number[]) : undefined;

export function withMemberAdded(setup: FusionSetup, source: MemberSource): Result<FusionSetup> {
  const members = membersOf(setup.config);
  if (members.length >= MAX_FUSION_MEMBERS) {
    return fail('invalid_request', `a fusion takes at most ${MAX_FUSION_MEMBERS} members`);
  }
  const weights = weightsOf(setup.config);
  let config = withParam(setup.config, 'members', [...members, source.config]);
  if (weights) config = withParam(config, 'weights', [...weights, 1]);
  return ok({ config, linked: [...setup.linked, source.id] });
}

export function withMemberRemoved(setup: FusionSetup, at: number): FusionSetup {
  const weights = weightsOf(setup.config);
  let config = withParam(
    setup.config,
    'members',
    membersOf(setup.config).filter((_, i) => i !== at),
  );
  if (weights)
    config = withParam(
      config,
      'weights',
      weights.filter((_, i) => i !== at),
    );
  return { config, linked: setup.linked.filter((_, i) => i !== at) };
}

/** One member's weight as typed; the others become explicit 1s the first time. */
export function withWeight(
  config: PipelineConfig,
  at: number,
  text: string,
): Result<PipelineConfig> {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    return fail('invalid_request', 'a weight must be a number ≥ 0');
  }
  const weights = [...(weightsOf(config) ?? membersOf(config).map(() => 1))];
  weights[at] = value;
  return ok(withParam(config, 'weights', weights));
}

/**
 * Members follow the columns they are linked to. A link to a column that is gone is dropped
 * (the member keeps its last config); a source that would no longer make a valid member (a
 * fusion containing this one, say) is left as it was.
 */
export function syncFusionMembers<C extends MemberSource & { linked?: (string | undefined)[] }>(
  columns: readonly C[],
): C[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  return columns.map((column) => {
    if (column.config.strategy !== 'fusion' || !column.linked) return column;
    const members = membersOf(column.config);
    let changed = false;
    const linked = column.linked.map((id) => (id !== undefined && byId.has(id) ? id : undefined));
    const next = members.map((member, i) => {
      const source = linked[i] === undefined ? undefined : byId.get(linked[i]);
      if (!source || source.config === member || source.id === column.id) return member;
      changed = true;
      return source.config;
    });
    if (linked.some((id, i) => id !== column.linked![i])) changed = true;
    if (!changed) return column;
    const config = withParam(column.config, 'members', next);
    return parsePipelineConfig(config).ok ? { ...column, config, linked } : { ...column, linked };
  });
}
