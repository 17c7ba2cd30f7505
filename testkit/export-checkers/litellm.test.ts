/** The LiteLLM checker refuses what LiteLLM refuses (see checkers.test.ts). */
import { describe, expect, it } from 'vitest';
import { edited, exported, type Json } from './broken-exports';
import { checkLiteLlmConfig } from './litellm';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment,
   @typescript-eslint/no-unsafe-return -- the tests reach into parsed YAML to break it on purpose. */

describe('the LiteLLM checker', () => {
  const cohere = exported('cohere', 'litellm');
  const bedrock = exported('bedrock', 'litellm');
  const qwen3 = exported('qwen3', 'litellm');
  const params = (doc: Json, i = 0) => doc.model_list[i].litellm_params as Json;
  const check = (text: string) => checkLiteLlmConfig(text).join('\n');

  it('passes the exports', () => {
    for (const text of [cohere, bedrock, qwen3]) expect(checkLiteLlmConfig(text)).toEqual([]);
  });

  it.each<[string, string, (doc: Json) => void, RegExp]>([
    [
      'an unknown section',
      cohere,
      (d) => (d.router_setting = d.router_settings),
      /router_setting: not a section of LiteLLM's config.yaml/,
    ],
    ['no model_list', cohere, (d) => delete d.model_list, /model_list: required, a non-empty list/],
    [
      'an empty model_list',
      cohere,
      (d) => (d.model_list = []),
      /model_list: required, a non-empty list/,
    ],
    [
      'an entry without model_name',
      cohere,
      (d) => delete d.model_list[0].model_name,
      /model_list\[0\].model_name: required/,
    ],
    [
      'an entry without litellm_params',
      cohere,
      (d) => delete d.model_list[0].litellm_params,
      /litellm_params: required/,
    ],
    [
      'a model without its provider route',
      cohere,
      (d) => (params(d).model = 'rerank-v3.5'),
      /names no provider LiteLLM reranks with/,
    ],
    [
      'a provider LiteLLM does not rerank with',
      cohere,
      (d) => (params(d).model = 'openai/rerank-v3.5'),
      /"openai\/rerank-v3.5" names no provider LiteLLM reranks with/,
    ],
    [
      'a route with no model after it',
      cohere,
      (d) => (params(d).model = 'cohere/'),
      /names no model after the route/,
    ],
    [
      'a key written into the file',
      cohere,
      (d) => (params(d).api_key = 'co-1234567890abcdef'),
      /api_key: a credential must be an os.environ\/NAME reference/,
    ],
    [
      'os.environ with a dot',
      cohere,
      (d) => (params(d).api_key = 'os.environ.COHERE_API_KEY'),
      /is not os.environ\/NAME, so LiteLLM would use the text itself/,
    ],
    [
      'a shell variable',
      cohere,
      (d) => (params(d).api_key = '${COHERE_API_KEY}'),
      /LiteLLM does not expand shell variables/,
    ],
    [
      'hosted_vllm without api_base',
      qwen3,
      (d) => delete params(d).api_base,
      /api_base: required for hosted_vllm\/ reranks/,
    ],
    [
      'an api_base that is not a URL',
      qwen3,
      (d) => (params(d).api_base = '127.0.0.1:8000'),
      /api_base: must be an http\(s\) URL/,
    ],
    [
      'a Bedrock model that is not an ARN',
      bedrock,
      (d) => (params(d).model = 'bedrock/cohere.rerank-v3-5:0'),
      /bedrock\/<foundation model ARN>/,
    ],
    [
      "a region that is not the ARN's",
      bedrock,
      (d) => (params(d).aws_region_name = 'eu-west-1'),
      /"eu-west-1" is not the ARN's region "us-west-2"/,
    ],
    [
      'a fallback to a model not in the list',
      cohere,
      (d) => (d.router_settings.fallbacks[0]['cohere-v3-5'] = ['jina']),
      /"jina" is no model_name in model_list/,
    ],
    [
      'a fallback rule for a model not in the list',
      cohere,
      (d) => (d.router_settings.fallbacks = [{ cohere: ['cohere-v3-5-fallback-1'] }]),
      /"cohere" is no model_name in model_list/,
    ],
    [
      'a model falling back to itself',
      cohere,
      (d) => (d.router_settings.fallbacks[0]['cohere-v3-5'] = ['cohere-v3-5']),
      /cannot fall back to itself/,
    ],
    [
      'fallbacks as a mapping',
      cohere,
      (d) => (d.router_settings.fallbacks = { 'cohere-v3-5': ['cohere-v3-5-fallback-1'] }),
      /fallbacks: must be a list/,
    ],
    [
      'a rule with two models',
      cohere,
      (d) => (d.router_settings.fallbacks[0].x = []),
      /must be a mapping of one model_name/,
    ],
  ])('refuses %s', (_what, text, edit, problem) => {
    expect(check(edited(text, edit))).toMatch(problem);
  });
});
