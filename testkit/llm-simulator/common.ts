/** What both simulated chat APIs share: token estimates, the brain's answer, logprobs. */
import type { ChatMessage, TokenLogprob } from '../../electron/chat/types';
import type { Brain, BrainRequest } from './types';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** About four characters per token: the estimate both routes report usage with. */
export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);

export const inputTokens = (messages: readonly ChatMessage[]): number =>
  estimateTokens(messages.reduce((sum, message) => sum + message.content.length, 0));

/** Text of a message content: a string, or the `text` of each part of a part array. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  let text = '';
  for (const part of content as unknown[]) {
    if (!isRecord(part) || typeof part.text !== 'string') return undefined;
    text += part.text;
  }
  return text;
}

/** The default brain: says back the last user message. */
export const echoLastUser: Brain = ({ messages }) =>
  messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';

export interface Thought {
  text: string;
  logprobs?: TokenLogprob[];
  /** The answer was cut to `maxTokens`. */
  truncated: boolean;
}

/** Asks the brain and cuts its answer to `maxTokens` (estimated) like a real model stops. */
export async function think(
  brain: Brain,
  request: BrainRequest,
  maxTokens: number | undefined,
): Promise<Thought> {
  const answer = await brain(request);
  const { text, logprobs } =
    typeof answer === 'string' ? { text: answer, logprobs: undefined } : answer;
  if (maxTokens !== undefined && estimateTokens(text.length) > maxTokens) {
    return { text: text.slice(0, maxTokens * 4), logprobs, truncated: true };
  }
  return { text, logprobs, truncated: false };
}

const LN_09 = Math.log(0.9);
const LN_01 = Math.log(0.1);

/** Yes/no and true/false swap; anything else gets a placeholder alternative. */
const OPPOSITE: Record<string, string> = {
  Yes: 'No',
  No: 'Yes',
  yes: 'no',
  no: 'yes',
  YES: 'NO',
  NO: 'YES',
  true: 'false',
  false: 'true',
  True: 'False',
  False: 'True',
};

/**
 * Log-probabilities for the answer's first token only: the token (a word, a digit run or
 * one other character, with its leading space) at ln 0.9, and one alternative at ln 0.1.
 */
export function firstTokenLogprobs(text: string): TokenLogprob[] {
  const match = /^(\s*)([A-Za-z]+|\d+|\S)/.exec(text);
  if (!match) return [];
  const [token, space = '', word = ''] = match;
  const alternative = `${space}${OPPOSITE[word] ?? '<alt>'}`;
  return [
    {
      token,
      logprob: LN_09,
      top: [
        { token, logprob: LN_09 },
        { token: alternative, logprob: LN_01 },
      ],
    },
  ];
}
