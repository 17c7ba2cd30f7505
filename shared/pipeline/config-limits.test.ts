/**
 * Hostile configs (issue 18, item 2): nested 10,000 deep or too large, they are refused with a
 * message naming the limit, and validation takes time linear in the config's size. Before the
 * limits, 1,000 nested fusions took 40 s and ended in a stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { operations } from '../contract/operations';
import { parsePipelineConfig, type PipelineConfig } from './config';
import { MAX_CONFIG_VALUES } from './config-limits';
import {
  nestedFallbackText,
  nestedFusionText,
  nestedParamsText,
} from '../../testkit/fixtures/configs';
import { importPipelineConfig } from './import';

const errorOf = (raw: unknown) => {
  const result = parsePipelineConfig(raw);
  return result.ok ? undefined : result.error.message;
};

/**
 * The work validating `raw` does, counted rather than timed (a shared machine's timings are
 * noise): every property read and key listing on any object of the config, through proxies.
 * Validation reads its input to check it, so reads grow with the work done on it.
 */
function readsToValidate(raw: unknown): number {
  let reads = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          reads++;
          return wrap(Reflect.get(target, key, receiver));
        },
        ownKeys(target) {
          reads++;
          return Reflect.ownKeys(target);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  parsePipelineConfig(wrap(raw));
  return reads;
}

describe('a pipeline config nested or sized to stop the host', () => {
  it('refuses 10,000 nested fusions, naming the limit and where it was crossed', () => {
    const deep = JSON.parse(nestedFusionText(10_000)) as unknown;
    expect(errorOf(deep)).toBe(
      'params.members[0].params.members[0].params.members[0]: fusions nest at most 3 levels deep',
    );
    const imported = importPipelineConfig(deep);
    expect(imported).toEqual({
      ok: false,
      errors: [
        {
          path: 'params.members[0].params.members[0].params.members[0]',
          message:
            'params.members[0].params.members[0].params.members[0]: fusions nest at most 3 levels deep',
        },
      ],
    });
    // Three levels are still a pipeline.
    expect(parsePipelineConfig(JSON.parse(nestedFusionText(3))).ok).toBe(true);
  });

  it('refuses 10,000 nested fallbacks and 10,000 nested params', () => {
    expect(errorOf(JSON.parse(nestedFallbackText(10_000)))).toMatch(
      /^the pipeline config nests more than 64 levels deep \(at fallbacks\[0\]\.fallbacks\[0\]/,
    );
    expect(errorOf(JSON.parse(nestedParamsText(10_000)))).toMatch(
      /^the pipeline config nests more than 64 levels deep \(at params\.a\.a\.a/,
    );
    expect(parsePipelineConfig(JSON.parse(nestedFallbackText(10))).ok).toBe(true);
  });

  it('refuses a config with more values than the limit', () => {
    const wide = {
      version: 1,
      name: 'wide',
      strategy: 'dedicated-model',
      provider: 'cohere',
      params: { list: Array.from({ length: MAX_CONFIG_VALUES }, (_, i) => i) },
    };
    expect(errorOf(wide)).toBe('the pipeline config is too large: over 100,000 values');
  });

  it('is checked wherever the contract takes a config: a rerank request', () => {
    const request = {
      runId: 'deep',
      query: 'q',
      documents: ['a'],
      columns: [{ id: 'deep', config: JSON.parse(nestedFusionText(10_000)) as unknown }],
    };
    const parsed = operations['rerank:run'].request.safeParse(request);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/fusions nest at most 3 levels deep$/);
  });

  it('still finds a key at any depth, members included', () => {
    const config = JSON.parse(nestedFusionText(2)) as { params: { members: PipelineConfig[] } };
    config.params.members[1]!.params = { headers: { Authorization: 'Bearer x' } };
    expect(errorOf(config)).toBe(
      'pipeline configs never hold keys: remove "params.members.1.params.headers.Authorization" and store the key in the Keys panel or an environment variable',
    );
  });

  // Ratios of work: validation linear in the input does about 4 times the work for 4n as for
  // n, quadratic about 16. 8 sits between them.
  it('does work linear in the depth of what it refuses (n against 4n nested fusions)', () => {
    const n = readsToValidate(JSON.parse(nestedFusionText(60)));
    const n4 = readsToValidate(JSON.parse(nestedFusionText(240)));
    expect(n4 / n).toBeLessThan(8);
  });

  it('does work linear in the size of what it accepts (n against 4n leaves)', () => {
    // 8 members, each a fusion of 2 (small) or 8 (large) boosted BM25 configs: 25 configs
    // against 73, 16 leaves against 64.
    const fusionOf = (width: number) => {
      const leaf = {
        version: 1,
        name: 'boosted',
        strategy: 'heuristic',
        params: {
          method: 'bm25',
          keywords: Array.from({ length: 50 }, (_, i) => ({ term: `t${i}`, weight: 1 })),
        },
      };
      const inner = {
        version: 1,
        name: 'inner',
        strategy: 'fusion',
        params: { members: Array(width).fill(leaf) },
      };
      return {
        version: 1,
        name: 'outer',
        strategy: 'fusion',
        params: { members: Array(8).fill(inner) },
      };
    };
    const small = fusionOf(2);
    const large = fusionOf(8);
    expect(parsePipelineConfig(large).ok).toBe(true);
    const n = readsToValidate(small);
    const n4 = readsToValidate(large);
    expect(n4 / n).toBeGreaterThan(2); // the count does measure the work
    expect(n4 / n).toBeLessThan(8);
  });
});
