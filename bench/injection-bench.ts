/**
 * `npm run bench injection`: the rate at which a prompt-injected irrelevant document reaches
 * the top 3 of the LLM strategies, with the hardening off and on (see ./injection.ts for the
 * test set and what the simulated model does). Not a speed figure: a safety one, printed with
 * the others so every bench run reports it.
 */
import { INJECTIONS, injectionTrials, measureInjectionRates } from './injection';
import { printBenchmark } from './report';

const rates = await measureInjectionRates();
printBenchmark('injection', {
  model: 'loopback naive model: obeys injected text it sees outside declared delimiters',
  variants: INJECTIONS.map((i) => i.variant),
  trialsPerRow: injectionTrials().length,
  results: rates,
});
