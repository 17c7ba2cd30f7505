import { describe, expect, it } from 'vitest';
import {
  fillTemplate,
  gradeToScore,
  parseGrade,
  templateVariables,
  yesProbabilityFromLogprobs,
  type JudgeScale,
} from './judge';

const ZERO_TO_THREE: JudgeScale = { kind: 'numeric', min: 0, max: 3 };
const YES_NO: JudgeScale = { kind: 'yes-no' };

function grade(text: string, scale: JudgeScale = ZERO_TO_THREE) {
  return parseGrade(text, scale);
}

describe('parseGrade (numeric)', () => {
  it.each([
    ['2', 2],
    [' 2\n', 2],
    ['Score: 2', 2],
    ['**Score:** 1', 1],
    ['Relevance score = 3', 3],
    ['2/3', 2],
    ['Score: 2 out of 3', 2],
    ['I would rate this document a 2 because it partially answers the query.', 2],
    ['On a scale of 0 to 3, this passage deserves 1.', 1],
    ['Relevance (0-3): 0', 0],
    ['The passage is relevant. Score: 2.5', 2.5],
    ['Score: 2.\n\nExplanation: the passage covers 2 of the 3 aspects asked about.', 2],
    ['3. The passage answers it exactly. Final score: 3', 3],
    ['GPT-4 style answer: 1', 1],
    ['Published 2024-01-05 at 10:30, the article deserves a 2.', 2],
  ])('reads %j as %d', (text, expected) => {
    expect(grade(text)).toEqual({ ok: true, grade: expected });
  });

  it('reads JSON answers, also fenced, nested or with string values', () => {
    expect(grade('{"score": 2}')).toEqual({ ok: true, grade: 2 });
    expect(grade('{"relevance": 2.5}')).toEqual({ ok: true, grade: 2.5 });
    expect(grade('```json\n{"reasoning": "mentions 3 of the 4 facts", "Grade": 1}\n```')).toEqual({
      ok: true,
      grade: 1,
    });
    expect(grade('Here you go: {"result": {"rating": 3}} Hope that helps (1 of 1).')).toEqual({
      ok: true,
      grade: 3,
    });
    expect(grade('{"score": "2", "why": "a {curly} reason"}')).toEqual({ ok: true, grade: 2 });
  });

  it('refuses an answer naming several grades instead of picking one', () => {
    expect(grade('Either 1 or 3, depending on the reading.')).toEqual({
      ok: false,
      reason: 'ambiguous: found 1 and 3',
    });
    expect(grade('It is between 1-2.')).toEqual({ ok: false, reason: 'ambiguous: found 1 and 2' });
    expect(grade('Score: 1. On reflection, score: 3')).toEqual({
      ok: false,
      reason: 'ambiguous: found 1 and 3',
    });
    expect(grade('{"score": 1} {"score": 2}')).toEqual({
      ok: false,
      reason: 'ambiguous: found 1 and 2',
    });
  });

  it('refuses grades outside the scale, naming the scale', () => {
    expect(grade('Score: 7')).toEqual({
      ok: false,
      reason: 'out of scale: found 7, the scale is 0–3',
    });
    expect(grade('{"score": 5}')).toEqual({
      ok: false,
      reason: 'out of scale: 5 is outside 0–3',
    });
    expect(grade('-1')).toEqual({ ok: false, reason: 'out of scale: found -1, the scale is 0–3' });
    expect(grade('I give it 2/5.')).toEqual({
      ok: false,
      reason: 'out of scale: the answer grades 2 out of 5, the scale is 0–3',
    });
  });

  it('refuses answers without a grade and never invents one', () => {
    for (const text of ['', 'The passage is highly relevant.', '{"score": null}', 'N/A']) {
      expect(grade(text)).toEqual({
        ok: false,
        reason: 'no grade found (expected a number from 0–3)',
      });
    }
  });

  it('ignores what a reasoning model thinks before answering', () => {
    expect(grade('<think>Maybe 1? No, it covers more, maybe 3.</think>\n\n2')).toEqual({
      ok: true,
      grade: 2,
    });
  });

  it('honours other scales', () => {
    const oneToTen: JudgeScale = { kind: 'numeric', min: 1, max: 10 };
    expect(grade('Rating: 8/10', oneToTen)).toEqual({ ok: true, grade: 8 });
    expect(grade('Score: 7.5/10 (reviewed 12.03.2024)', oneToTen)).toEqual({
      ok: true,
      grade: 7.5,
    });
    expect(grade('0', oneToTen)).toEqual({
      ok: false,
      reason: 'out of scale: found 0, the scale is 1–10',
    });
    expect(() => grade('1', { kind: 'numeric', min: 3, max: 3 })).toThrow(RangeError);
  });
});

describe('parseGrade (yes-no)', () => {
  it.each([
    ['Yes', 1],
    ['no', 0],
    ['YES.', 1],
    ['**No** — the passage is about a different product.', 0],
    ['Yes, it answers the question; there is no doubt.', 1],
    ['The passage answers the question, so yes.', 1],
    ['After reading it carefully: no.', 0],
    ['Reasoning: there is no mention of pricing, but it matches otherwise.\nAnswer: yes', 1],
    ['{"relevant": true}', 1],
    ['{"relevant": false, "why": "yes, well, no"}', 0],
    ['```json\n{"answer": "Yes"}\n```', 1],
  ])('reads %j as %d', (text, expected) => {
    expect(grade(text, YES_NO)).toEqual({ ok: true, grade: expected });
  });

  it('refuses both or neither', () => {
    expect(grade('It could be yes or no.', YES_NO)).toEqual({
      ok: false,
      reason: 'ambiguous: the answer says both yes and no',
    });
    expect(grade('Relevant.', YES_NO)).toEqual({ ok: false, reason: 'no yes/no answer found' });
    expect(grade('', YES_NO)).toEqual({ ok: false, reason: 'no yes/no answer found' });
    expect(grade('{"relevant": true} {"answer": "no"}', YES_NO)).toEqual({
      ok: false,
      reason: 'ambiguous: the answer says both yes and no',
    });
  });
});

describe('gradeToScore', () => {
  it('maps numeric grades linearly onto [0, 1]', () => {
    // (2 − 0) / (3 − 0) = 0.6667; (8 − 1) / (10 − 1) = 7/9 = 0.7778
    expect(gradeToScore(2, ZERO_TO_THREE)).toBeCloseTo(2 / 3, 12);
    expect(gradeToScore(8, { kind: 'numeric', min: 1, max: 10 })).toBeCloseTo(7 / 9, 12);
    expect(gradeToScore(0, ZERO_TO_THREE)).toBe(0);
    expect(gradeToScore(3, ZERO_TO_THREE)).toBe(1);
    expect(gradeToScore(5, ZERO_TO_THREE)).toBe(1);
  });

  it('passes yes/no grades through', () => {
    expect(gradeToScore(1, YES_NO)).toBe(1);
    expect(gradeToScore(0, YES_NO)).toBe(0);
  });
});

describe('yesProbabilityFromLogprobs', () => {
  it('renormalises over yes and no, summing spellings and tokeniser markers', () => {
    // yes: e^−0.5 (" Yes") + e^−2 ("Ġyes") = 0.606531 + 0.135335 = 0.741866
    // no:  e^−1.5 ("▁No")                  = 0.223130
    // "The" is ignored. 0.741866 / (0.741866 + 0.223130) = 0.768776
    const p = yesProbabilityFromLogprobs([
      { token: ' Yes', logprob: -0.5 },
      { token: '▁No', logprob: -1.5 },
      { token: 'Ġyes', logprob: -2 },
      { token: 'The', logprob: -3 },
    ]);
    expect(p).toBeCloseTo(0.768776, 6);
  });

  it('gives 1 or 0 when only one side appears, undefined when neither does', () => {
    expect(yesProbabilityFromLogprobs([{ token: 'YES', logprob: -4 }])).toBe(1);
    expect(yesProbabilityFromLogprobs([{ token: ' no ', logprob: -0.1 }])).toBe(0);
    expect(yesProbabilityFromLogprobs([{ token: 'Maybe', logprob: -0.1 }])).toBeUndefined();
    expect(yesProbabilityFromLogprobs([])).toBeUndefined();
    expect(yesProbabilityFromLogprobs([{ token: 'yesterday', logprob: -0.1 }])).toBeUndefined();
  });
});

describe('fillTemplate and templateVariables', () => {
  const template =
    'Instruction: {instruction}\nQuery: {query}\nDocument: {document}\n' +
    'Answer as {"score": n} using {scale}.';

  it('replaces known variables and leaves unknown ones and JSON examples alone', () => {
    expect(
      fillTemplate(template, { instruction: 'Judge relevance', query: 'q?', document: 'text' }),
    ).toBe(
      'Instruction: Judge relevance\nQuery: q?\nDocument: text\nAnswer as {"score": n} using {scale}.',
    );
  });

  it('substitutes in one pass: values containing {variables} are inserted literally', () => {
    const filled = fillTemplate('Q: {query}\nD: {document}', {
      query: 'what does {document} mean?',
      document: 'a template uses {query} and {document}',
    });
    expect(filled).toBe('Q: what does {document} mean?\nD: a template uses {query} and {document}');
  });

  it('does not read inherited properties as values', () => {
    expect(fillTemplate('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });

  it('lists each variable once in order of first use', () => {
    expect(templateVariables(template)).toEqual(['instruction', 'query', 'document', 'scale']);
    expect(templateVariables('{query} {query} {document}')).toEqual(['query', 'document']);
    expect(templateVariables('no variables, {"json": 1}')).toEqual([]);
  });
});
