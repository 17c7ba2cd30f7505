/**
 * A loopback chat simulator for tests: one HTTP server on 127.0.0.1 that speaks OpenAI's Chat
 * Completions (`/openai/v1/chat/completions`) and Anthropic's Messages API
 * (`/anthropic/v1/messages`) in their real formats and error shapes, answers with a pluggable
 * "brain", and plays scripted failures for transport tests. What was checked against which
 * source is written at the top of `openai.ts` and `anthropic.ts`.
 */
export { startChatSimulator } from './server';
export { firstTokenLogprobs } from './common';
export type {
  Brain,
  BrainAnswer,
  BrainRequest,
  ChatSimulator,
  ChatSimulatorOptions,
  RecordedChatRequest,
  ScriptedChatResponse,
} from './types';
