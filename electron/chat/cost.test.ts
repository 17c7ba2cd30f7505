import { describe, expect, it } from 'vitest';
import { llmCost } from './cost';

const PRICING = { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 };

describe('llmCost', () => {
  it('prices input and output tokens separately', () => {
    const cost = llmCost({ inputTokens: 1234, outputTokens: 56, totalTokens: 1290 }, PRICING);
    expect(cost?.basis).toBe('per-token');
    expect(cost?.usd).toBeCloseTo((1234 * 0.15 + 56 * 0.6) / 1e6, 12);
    expect(cost?.detail).toBe('1,234 in × $0.15/M + 56 out × $0.60/M');
    expect(cost?.price).toEqual({ origin: 'user' });
  });

  it('shows prices with more digits when they have them', () => {
    const detail = llmCost(
      { inputTokens: 1, outputTokens: 0 },
      { inputUsdPerMillion: 0.075, outputUsdPerMillion: 15 },
    )?.detail;
    expect(detail).toBe('1 in × $0.075/M + 0 out × $15.00/M');
  });

  it('is undefined without a price or without token counts', () => {
    expect(llmCost({ inputTokens: 10, outputTokens: 2 })).toBeUndefined();
    expect(llmCost(undefined, PRICING)).toBeUndefined();
    expect(llmCost({ totalTokens: 12 }, PRICING)).toBeUndefined();
  });
});
