// The simulated Qwen3-Reranker behind vLLM: relevance with Qwen's template, noise without it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSimulator, type ProviderSimulator } from './index';
import {
  parseQwen3Prompt,
  qwen3Prompt,
  qwen3PromptLogit,
  SIM_QWEN3_DEFAULT_INSTRUCTION,
  SIM_QWEN3_PREFIX,
  SIM_QWEN3_SUFFIX,
} from './qwen3-model';
import { simulatedLogit } from './scoring';
import { post } from './client';

const MODEL = 'Qwen/Qwen3-Reranker-0.6B';
const QUERY = 'capital of France';
// Two documents answer the query equally; only the instruction can separate them.
const DOCS = [
  'Berlin is the capital of Germany',
  'Bananas are yellow',
  'Paris is the capital of France, says the encyclopedia',
  'Paris is the capital of France, says the travel blog',
  'Madrid is a city in Spain',
];
const clientQuery = (instruction: string, query: string) =>
  `${SIM_QWEN3_PREFIX}<Instruct>: ${instruction}\n<Query>: ${query}\n`;
const clientDoc = (doc: string) => `<Document>: ${doc}${SIM_QWEN3_SUFFIX}`;
const order = (json: unknown) =>
  (json as { results: { index: number }[] }).results.map((r) => r.index);

let sim: ProviderSimulator;
let templated: ProviderSimulator;
beforeAll(async () => {
  sim = await startProviderSimulator();
  templated = await startProviderSimulator({ engines: { vllmChatTemplate: 'qwen3' } });
});
afterAll(async () => {
  await sim.close();
  await templated.close();
});
beforeEach(() => {
  sim.reset();
  templated.reset();
});

describe('the simulated Qwen3-Reranker', () => {
  it('scores a templated prompt by relevance, and the default instruction changes nothing', () => {
    const prompt = qwen3Prompt(SIM_QWEN3_DEFAULT_INSTRUCTION, QUERY, DOCS[2]!);
    expect(parseQwen3Prompt(prompt)).toEqual({
      instruction: SIM_QWEN3_DEFAULT_INSTRUCTION,
      query: QUERY,
      document: DOCS[2],
    });
    expect(qwen3PromptLogit(prompt)).toBe(simulatedLogit(QUERY, DOCS[2]!));
    // The instruction's own words found in the document raise its logit by their share.
    expect(qwen3PromptLogit(qwen3Prompt('prefer the encyclopedia', QUERY, DOCS[2]!))).toBe(
      simulatedLogit(QUERY, DOCS[2]!) + 1 / 2,
    );
  });

  it('is noise without the template, or with it twice', () => {
    expect(parseQwen3Prompt(QUERY + DOCS[2]!)).toBeUndefined();
    const twice = qwen3Prompt('x', clientQuery('x', QUERY), clientDoc(DOCS[2]!));
    expect(parseQwen3Prompt(twice)).toBeUndefined();
    const noise = DOCS.map((doc) => qwen3PromptLogit(QUERY + doc));
    for (const logit of noise) expect(Math.abs(logit)).toBeLessThanOrEqual(2);
    // Not the relevance order: the document that answers is not on top.
    const top = noise.indexOf(Math.max(...noise));
    expect([2, 3]).not.toContain(top);
  });
});

describe('vLLM serving Qwen3-Reranker', () => {
  it('without --chat-template: plain query and documents rank at random, instruction or not', async () => {
    const r = await post(`${sim.baseUrl('vllm')}/v1/rerank`, {
      model: MODEL,
      query: QUERY,
      documents: DOCS,
      instruction: 'prefer the encyclopedia',
    });
    expect(r.status).toBe(200);
    const expected = DOCS.map((doc, i) => ({ i, s: qwen3PromptLogit(QUERY + doc) }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.i);
    expect(order(r.json)).toEqual(expected);
    expect(order(r.json).slice(0, 2).sort()).not.toEqual([2, 3]);
  });

  it('without --chat-template: the client-side template ranks by relevance and instruction', async () => {
    const r = await post(`${sim.baseUrl('vllm')}/v1/rerank`, {
      model: MODEL,
      query: clientQuery('prefer the encyclopedia', QUERY),
      documents: DOCS.map(clientDoc),
    });
    expect(order(r.json).slice(0, 3)).toEqual([2, 3, 0]);
    const travel = await post(`${sim.baseUrl('vllm')}/v1/rerank`, {
      model: MODEL,
      query: clientQuery('prefer the travel blog', QUERY),
      documents: DOCS.map(clientDoc),
    });
    expect(order(travel.json).slice(0, 2)).toEqual([3, 2]);
  });

  it('with --chat-template: chat_template_kwargs.instruction, then instruction, then the default', async () => {
    const url = `${templated.baseUrl('vllm')}/v1/rerank`;
    const base = { model: MODEL, query: QUERY, documents: DOCS };
    const kwargs = await post(url, {
      ...base,
      chat_template_kwargs: { instruction: 'prefer the travel blog' },
      instruction: 'prefer the encyclopedia',
    });
    expect(order(kwargs.json).slice(0, 2)).toEqual([3, 2]);
    const field = await post(url, { ...base, instruction: 'prefer the encyclopedia' });
    expect(order(field.json).slice(0, 2)).toEqual([2, 3]);
    const plain = await post(url, base);
    expect(order(plain.json).slice(0, 2).sort()).toEqual([2, 3]);
    // Templated by the client as well: twice, so noise again.
    const twice = await post(url, {
      model: MODEL,
      query: clientQuery('prefer the encyclopedia', QUERY),
      documents: DOCS.map(clientDoc),
    });
    const expected = DOCS.map((doc, i) => ({
      i,
      s: qwen3PromptLogit(
        qwen3Prompt(
          SIM_QWEN3_DEFAULT_INSTRUCTION,
          clientQuery('prefer the encyclopedia', QUERY),
          clientDoc(doc),
        ),
      ),
    }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.i);
    expect(order(twice.json)).toEqual(expected);
  });
});
