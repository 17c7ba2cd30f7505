import { describe, expect, it } from 'vitest';
import { slidingWindowPlan } from '../../../../shared/strategies/listwise';
import {
  chatSim,
  column,
  DOCS,
  llmConfig,
  order,
  useBrain,
  useLlmHarness,
} from '../../../../testkit/harness/llm-strategies';

useLlmHarness();

const userPrompt = (i: number) => {
  const body = chatSim.requests[i]!.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'user')!.content;
};

describe('llm-listwise', () => {
  it('ranks a small list in one call, scoring by position', async () => {
    const result = await column(llmConfig('llm-listwise'));
    expect(result.status).toBe('ok');
    expect(result.scoreKind).toBe('rank');
    expect(order(result)).toEqual([1, 3, 2, 0, 4]);
    expect(result.results.map((r) => r.score)).toEqual([1, 0.8, 0.6, 0.4, 0.2]);
    expect(chatSim.requests).toHaveLength(1);
    expect(result.warnings).toContain('1 LLM call for 5 documents (window 20, step 10)');
    const prompt = userPrompt(0);
    expect(prompt).toMatch(/^\[1\] <passage-[0-9a-f]{16}>\ncooking pasta at home\n<\/passage/m);
    expect(prompt).toContain('Search Query: heart health exercise');
  });

  it('slides the window from the bottom up, carrying a relevant document to the top', async () => {
    const filler = Array.from({ length: 44 }, (_, i) => `unrelated note number ${i}`);
    const documents = [...filler, 'regular exercise improves heart health'];
    const result = await column(llmConfig('llm-listwise'), { documents });
    const plan = slidingWindowPlan(45, 20, 10);
    expect(plan).toHaveLength(4);
    expect(chatSim.requests).toHaveLength(plan.length);
    expect(result.calls).toBe(4);
    // Found in the first (bottom) window, carried up by each window after it.
    expect(order(result)[0]).toBe(44);
    expect(userPrompt(0)).toContain('I will provide you with 20 passages');
    // Windows 1–3 carried it to position 6, where the top window (positions 1–15) finds it.
    expect(userPrompt(3)).toContain('I will provide you with 15 passages');
    expect(userPrompt(3)).toMatch(/^\[6\] <passage-[0-9a-f]+>\nregular exercise/m);
  });

  it('repairs messy answers and says what it repaired', async () => {
    useBrain(() => 'Sure! The ranking is [4] > [4] > [9] > [2]');
    const result = await column(llmConfig('llm-listwise'));
    expect(result.status).toBe('ok');
    // 4 and 2 first (0-based 3 and 1), then the rest in their previous order.
    expect(order(result)).toEqual([3, 1, 0, 2, 4]);
    const warnings = result.warnings.join('\n');
    expect(warnings).toContain('window 1 of 1 (positions 1–5): ignored ids outside 1..5: 9');
    expect(warnings).toContain('ignored repeated ids: 4');
    expect(warnings).toContain('left out ids 1, 3, 5');
  });

  it('keeps the input order, with a warning, when the answer holds no ranking', async () => {
    useBrain(() => 'I cannot rank these passages.');
    const result = await column(llmConfig('llm-listwise'));
    expect(order(result)).toEqual([0, 1, 2, 3, 4]);
    expect(result.warnings.join('\n')).toContain('the answer had no ranking');
  });

  it('cuts long passages for the prompt and reports how many', async () => {
    const long = `heart ${'x'.repeat(500)}`;
    const result = await column(llmConfig('llm-listwise', { params: { maxPassageChars: 100 } }), {
      documents: [...DOCS, long],
    });
    expect(result.warnings).toContain('1 passage was cut to 100 characters for the prompt');
    expect(userPrompt(0)).not.toContain('x'.repeat(101));
  });

  it('fails the column when a window call fails, keeping the wire record', async () => {
    chatSim.script({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    const result = await column(llmConfig('llm-listwise'));
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain('Incorrect API key provided');
    expect(result.wire?.[0]?.status).toBe(401);
  });
});
