import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../shared/contract';
import { firstTokenLogprobs } from '../../../../testkit/llm-simulator';
import {
  ANTHROPIC_KEY,
  chatSim,
  column,
  DOCS,
  llmConfig,
  order,
  QUERY,
  run,
  services,
  useBrain,
  useLlmHarness,
} from '../../../../testkit/harness/llm-strategies';

useLlmHarness();

const userPrompt = (i: number) => {
  const body = chatSim.requests[i]!.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'user')!.content;
};

describe('llm-judge', () => {
  it('grades each document once, at temperature 0, and ranks by grade', async () => {
    const result = await column(llmConfig('llm-judge'));
    expect(result.status).toBe('ok');
    expect(result.scoreKind).toBe('grade');
    // Overlap with "heart health exercise": docs 1 and 3 have all three terms, 2 has one.
    expect(order(result).slice(0, 3)).toEqual([1, 3, 2]);
    expect(result.results[0]).toMatchObject({ rawScore: 3, score: 1 });
    expect(chatSim.requests).toHaveLength(DOCS.length);
    expect(result.calls).toBe(DOCS.length);
    for (const request of chatSim.requests) {
      expect((request.body as { temperature: number }).temperature).toBe(0);
    }
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('counts each answer as progress, with the time left once one is back', async () => {
    const steps: Extract<EventPayload<'run:progress'>, { type: 'column-progress' }>[] = [];
    const stop = services.events.subscribe((event, payload) => {
      const progress = payload as EventPayload<'run:progress'>;
      if (event === 'run:progress' && progress.type === 'column-progress') steps.push(progress);
    });
    try {
      expect((await column(llmConfig('llm-judge'))).status).toBe('ok');
    } finally {
      stop();
    }
    expect(steps.map((s) => [s.unit, s.done, s.total])).toEqual(
      Array.from({ length: DOCS.length + 1 }, (_, i) => ['documents', i, DOCS.length]),
    );
    expect(steps[0]!.etaMs).toBeUndefined();
    expect(steps.at(-1)!.etaMs).toBe(0);
  });

  it('fills the prompt template and wraps the document in nonce delimiters', async () => {
    const template = 'Q={query}\nI={instruction}\nD={document}\n{scale}';
    await column(llmConfig('llm-judge', { params: { promptTemplate: template } }), {
      instruction: 'prefer clinical sources',
      documents: ['a {query} b'],
    });
    const prompt = userPrompt(0);
    expect(prompt).toContain(`Q=${QUERY}`);
    expect(prompt).toContain('I=Instruction: prefer clinical sources');
    // The document's own "{query}" is text, not a variable.
    expect(prompt).toMatch(/D=<document-[0-9a-f]{16}>\na \{query\} b\n<\/document-[0-9a-f]{16}>/);
    expect(prompt).toContain('{"score": n}');
  });

  it('turns an answer that does not parse into that document’s error, not a score', async () => {
    useBrain(({ messages }) =>
      messages.some((m) => m.content.includes('stock market')) ? 'I think 2 or 3' : '{"score": 1}',
    );
    const result = await column(llmConfig('llm-judge'));
    expect(result.status).toBe('ok');
    expect(result.results).toHaveLength(DOCS.length - 1);
    expect(result.results.map((r) => r.index)).not.toContain(4);
    expect(result.documentErrors).toHaveLength(1);
    expect(result.documentErrors?.[0]?.index).toBe(4);
    expect(result.documentErrors?.[0]?.message).toContain('was not the JSON {"score": n}');
    expect(result.warnings.join('\n')).toContain('1 of 5 answers could not be read');
  });

  it('refuses a hardened answer off the scale, and reads loose answers when hardening is off', async () => {
    useBrain(() => 'Score: 7');
    const strict = await column(llmConfig('llm-judge'));
    expect(strict.documentErrors).toHaveLength(DOCS.length);
    const loose = await column(llmConfig('llm-judge', { params: { hardening: false } }));
    expect(loose.documentErrors ?? []).toHaveLength(DOCS.length);
    expect(loose.documentErrors?.[0]?.message).toMatch(/scale/);

    useBrain(() => 'Score: 2');
    const read = await column(llmConfig('llm-judge', { params: { hardening: false } }));
    expect(read.results.every((r) => r.rawScore === 2)).toBe(true);
  });

  it('judges yes/no by the probability of "yes" when the backend returns logprobs', async () => {
    useBrain(({ messages }) => {
      const relevant = messages.some((m) => /regular exercise/.test(m.content));
      const text = relevant ? 'yes' : 'no';
      return { text, logprobs: firstTokenLogprobs(text) };
    });
    const result = await column(llmConfig('llm-judge', { params: { scale: 'yes-no' } }));
    expect(result.scoreKind).toBe('probability');
    expect(result.results[0]).toMatchObject({ index: 1 });
    expect(result.results[0]!.score).toBeCloseTo(0.9, 6);
    expect(result.results[1]!.score).toBeCloseTo(0.1, 6);
    expect((chatSim.requests[0]!.body as { top_logprobs: number }).top_logprobs).toBe(5);
  });

  it('speaks the Anthropic Messages API with the key from the environment', async () => {
    const result = await column(llmConfig('llm-judge', { provider: 'anthropic' }));
    expect(result.status).toBe('ok');
    expect(order(result)[0]).toBe(1);
    const request = chatSim.requests[0]!;
    expect(request.path).toBe('/anthropic/v1/messages');
    expect(request.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(JSON.stringify(result)).not.toContain(ANTHROPIC_KEY);
  });

  it('retries a 429 and fails the column on a refusal, with the backend’s message', async () => {
    chatSim.script({ status: 429, headers: { 'retry-after': '0' } });
    const retried = await column(llmConfig('llm-judge'));
    expect(retried.status).toBe('ok');
    expect(retried.retries).toBe(1);

    const before = chatSim.requests.length;
    chatSim.script({
      status: 404,
      body: { error: { message: 'The model `nope` does not exist' } },
    });
    const refused = await column(llmConfig('llm-judge', { params: { concurrency: 1 } }));
    expect(refused.status).toBe('error');
    expect(refused.error?.message).toContain('does not exist');
    // One refusal stops the column: the documents waiting for their turn are never sent.
    expect(chatSim.requests.length - before).toBe(1);
  });

  it('fails the column when the backend does not answer in time', async () => {
    chatSim.script({ hang: true });
    const result = await column(
      llmConfig('llm-judge', { params: { timeoutMs: 300, maxRetries: 0, concurrency: 1 } }),
    );
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/time/i);
  });

  it('serves a repeated run from the cache', async () => {
    const config = llmConfig('llm-judge');
    await column(config, { bypassCache: false });
    const sent = chatSim.requests.length;
    const again = await column(config, { bypassCache: false });
    expect(chatSim.requests.length).toBe(sent);
    expect(again.calls).toBe(0);
    expect(again.cached).toBe(true);
  });
  it('is judged once per run when a fusion takes it as a member', async () => {
    const judge = llmConfig('llm-judge');
    const fusion = {
      version: 1 as const,
      name: 'fused',
      strategy: 'fusion' as const,
      params: { members: [judge, { version: 1, name: 'bm25', strategy: 'heuristic' }] },
    };
    const [judged, fused] = (await run([judge, fusion])).columns;
    expect(chatSim.requests).toHaveLength(DOCS.length);
    expect(judged!.calls).toBe(DOCS.length);
    expect(fused!.status).toBe('ok');
    // The member's calls belong to the judge column; the fusion spent none of its own.
    expect(fused!.calls).toBe(0);
  });
  it('A/B: each column’s own instruction overrides the request’s', async () => {
    const a = llmConfig('llm-judge', { name: 'a', instruction: 'prefer clinical trials' });
    const b = llmConfig('llm-judge', { name: 'b' });
    await run([a, b], { instruction: 'prefer news' });
    const prompts = chatSim.requests.map((_, i) => userPrompt(i));
    expect(prompts.filter((p) => p.includes('Instruction: prefer clinical trials'))).toHaveLength(
      DOCS.length,
    );
    expect(prompts.filter((p) => p.includes('Instruction: prefer news'))).toHaveLength(DOCS.length);
  });
});
