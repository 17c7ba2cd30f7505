/**
 * Answers of hardened judge prompts, checked against the exact format the prompt demanded:
 * `{"score": n}` with n a whole number on the scale, or one word, yes or no. A model that was
 * talked into something else by a document (explaining itself, "10/10!", a score off the
 * scale) fails the check and the document gets an error instead of that score.
 */
import { z } from 'zod';
import type { JudgeScale } from '../../../../shared/strategies/judge';

export type StrictGrade = { ok: true; grade: number } | { ok: false; reason: string };

const ScoreAnswer = z.object({ score: z.int() }).strict();

/** Models often fence JSON in Markdown even when told not to; that much is forgiven. */
function unfence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  return fenced ? fenced[1]! : trimmed;
}

export function readStrictGrade(text: string, scale: JudgeScale): StrictGrade {
  const answer = unfence(text);
  if (scale.kind === 'yes-no') {
    const word = /^(yes|no)\.?$/i.exec(answer);
    return word
      ? { ok: true, grade: word[1]!.toLowerCase() === 'yes' ? 1 : 0 }
      : { ok: false, reason: 'the answer was not the single word yes or no' };
  }
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return { ok: false, reason: 'the answer was not the JSON {"score": n} the prompt asked for' };
  }
  const parsed = ScoreAnswer.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: 'the answer was not {"score": n} with a whole number n' };
  }
  const grade = parsed.data.score;
  if (grade < scale.min || grade > scale.max) {
    return { ok: false, reason: `the score ${grade} is off the scale ${scale.min}–${scale.max}` };
  }
  return { ok: true, grade };
}
