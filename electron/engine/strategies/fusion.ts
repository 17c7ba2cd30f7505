/**
 * The `fusion` strategy: runs its member configs on the same query and documents (through the
 * engine, so each member's fallbacks, cache and limits apply, and BM25 members share the run's
 * tokenisation) and combines their rankings: reciprocal rank fusion, a weighted sum after
 * normalisation, CombSUM or CombMNZ.
 *
 * A member that fails fails the column, naming the member: fusing the survivors silently would
 * give a different pipeline than the one configured. Members combine their `score` (the
 * comparable score: probabilities as is, logits squashed), not their raw score.
 */
import type { Cost, Usage } from '../../../shared/contract/schemas';
import { FusionParams } from '../../../shared/pipeline/config';
import { strategyParamsOf } from '../../../shared/pipeline/strategy-params';
import { sumUsage } from '../../../shared/providers/pricing';
import {
  combMnz,
  combSum,
  reciprocalRankFusion,
  weightedFusion,
  type FusionMember,
} from '../../../shared/scoring/fusion';
import { rankByScore } from '../../../shared/scoring/ranking';
import { assertNever } from '../../../shared/util/assert-never';
import {
  StrategyError,
  type ColumnMeta,
  type StrategyInput,
  type StrategyOutput,
  type StrategyRunner,
} from '../strategy';

export const fusionRunner: StrategyRunner = {
  scoreKind: 'fused',
  async score(input: StrategyInput): Promise<StrategyOutput> {
    const params = strategyParamsOf(FusionParams, input.config);
    const { members } = params;
    const outcomes = await Promise.all(members.map((member) => input.scoreConfig(member)));
    const meta = mergeMeta(outcomes.map((outcome) => outcome.meta));
    const warnings: string[] = [];
    const fused: FusionMember[] = [];
    outcomes.forEach((outcome, i) => {
      const name = `member ${i + 1} "${members[i]!.name}"`;
      if (!outcome.ok) {
        const message = `${name} failed: ${outcome.error.message}`;
        throw new StrategyError({ code: outcome.error.code, message }, meta);
      }
      const { output } = outcome;
      for (const warning of [...outcome.warnings, ...output.warnings]) {
        warnings.push(`${name}: ${warning}`);
      }
      const skipped = output.documentErrors?.length ?? 0;
      if (skipped > 0) {
        warnings.push(
          `${name} could not score ${skipped} document${skipped === 1 ? '' : 's'}; the fusion ranks ${skipped === 1 ? 'it' : 'them'} by the other members only`,
        );
      }
      // A member's own top N is part of its config: it votes only for the documents it keeps.
      const cut = members[i]!.topN;
      const scores = cut === undefined ? output.scores : rankByScore(output.scores).slice(0, cut);
      fused.push({ scores });
    });
    const count = input.documents.length;
    const scores = fuse(params, fused, count).map(({ index, score }) => ({
      index,
      score,
      rawScore: score,
    }));
    if (scores.length < count) {
      warnings.push(
        `${count - scores.length} of ${count} documents were ranked by no member (members' top N) and are left out`,
      );
    }
    return { scores, warnings, meta };
  },
};

function fuse(params: FusionParams, members: FusionMember[], count: number) {
  const { method, weights, normalization } = params;
  switch (method) {
    case 'rrf':
      return reciprocalRankFusion(members, count, { k: params.k, weights });
    case 'weighted':
      return weightedFusion(members, count, { normalization, weights });
    case 'combsum':
      return combSum(members, count, { normalization });
    case 'combmnz':
      return combMnz(members, count, { normalization });
    default:
      return assertNever(method, 'fusion method');
  }
}

/** Calls, retries, wire, usage and cost of all members together. */
function mergeMeta(metas: ColumnMeta[]): ColumnMeta {
  const usages = metas.flatMap((m) => (m.usage ? [m.usage] : []));
  const costs = metas.flatMap((m) => (m.cost ? [m.cost] : []));
  const usage: Usage | undefined = usages.length ? sumUsage(usages) : undefined;
  const cost: Cost | undefined = costs.length
    ? {
        usd: costs.reduce((sum, c) => sum + c.usd, 0),
        basis: costs[0]!.basis,
        detail: `sum over members: ${costs.map((c) => c.detail).join(' + ')}`,
      }
    : undefined;
  return {
    cached: metas.every((m) => m.cached === true) || undefined,
    calls: metas.reduce((sum, m) => sum + (m.calls ?? 0), 0),
    retries: metas.reduce((sum, m) => sum + (m.retries ?? 0), 0),
    wire: metas.flatMap((m) => m.wire ?? []),
    ...(usage ? { usage } : {}),
    ...(cost ? { cost } : {}),
  };
}
