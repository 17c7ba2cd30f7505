import { describe, expect, it } from 'vitest';
import { INJECTIONS, injectionTrials, measureInjectionRates } from '../../../../bench/injection';
import { looksInjected } from '../../../../testkit/llm-simulator/naive-brain';

describe('prompt-injection hardening, against a model that obeys what it sees as instructions', () => {
  it('the naive model recognises every injection variant of the test set', () => {
    for (const { variant, text } of INJECTIONS) expect(looksInjected(text), variant).toBe(true);
    expect(injectionTrials().length).toBe(4 * INJECTIONS.length);
  });

  it('without hardening injected documents reach the top 3; with it, none does', async () => {
    const rates = await measureInjectionRates();
    for (const rate of rates) {
      const label = `${rate.strategy}, hardening ${rate.hardening ? 'on' : 'off'}`;
      if (rate.hardening) {
        expect(rate.reachedTop3, label).toBe(0);
      } else {
        // The baseline must show the attack working, or the hardened zero proves nothing.
        expect(rate.rate, label).toBe(1);
        expect(rate.succeeded.length, label).toBe(INJECTIONS.length);
      }
    }
  }, 60_000);
});
