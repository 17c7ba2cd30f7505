/** The decK checker refuses what decK and Kong's ai-proxy schema refuse (see checkers.test.ts). */
import { describe, expect, it } from 'vitest';
import { edited, exported, type Json } from './broken-exports';
import { checkDeckFile } from './deck';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment,
   @typescript-eslint/no-unsafe-return -- the tests reach into parsed YAML to break it on purpose. */

describe('the decK checker', () => {
  const cohere = exported('cohere', 'kong');
  const bedrock = exported('bedrock', 'kong');
  const route = (doc: Json) => doc.services[0].routes[0] as Json;
  const config = (doc: Json) => route(doc).plugins[0].config as Json;
  const check = (text: string, kongVersion = '3.11') =>
    checkDeckFile(text, { kongVersion }).join('\n');

  it('passes the exports at the Kong versions their headers name', () => {
    expect(checkDeckFile(cohere, { kongVersion: '3.11' })).toEqual([]);
    expect(checkDeckFile(bedrock, { kongVersion: '3.10' })).toEqual([]);
  });

  it('refuses a field that only a later Kong has', () => {
    const withCategory = edited(bedrock, (d) => (config(d).genai_category = 'text/generation'));
    expect(checkDeckFile(withCategory, { kongVersion: '3.11' })).toEqual([]);
    expect(check(withCategory, '3.10')).toMatch(/config: unknown field "genai_category"/);
  });

  it("refuses Cohere's native format on Kong 3.10, which does not have it", () => {
    expect(check(cohere, '3.10')).toMatch(
      /llm_format: "cohere" is not one of bedrock, gemini, openai in Kong 3.10/,
    );
  });

  it.each<[string, string, (doc: Json) => void, RegExp]>([
    [
      'an unknown top-level key',
      'cohere',
      (d) => (d.service = d.services),
      /the file: unknown field "service"/,
    ],
    [
      'an old _format_version',
      'cohere',
      (d) => (d._format_version = '1.1'),
      /_format_version: must be the string "3.0"/,
    ],
    [
      'a number as _format_version',
      'cohere',
      (d) => (d._format_version = 3),
      /_format_version: must be the string "3.0"/,
    ],
    [
      'an unknown service field',
      'cohere',
      (d) => (d.services[0].upstream = 'x'),
      /services\[0\]: unknown field "upstream"/,
    ],
    [
      'a service without a name or id',
      'cohere',
      (d) => delete d.services[0].name,
      /services\[0\]: name or id required/,
    ],
    [
      'a service URL without a scheme',
      'cohere',
      (d) => (d.services[0].url = 'localhost:32000'),
      /url: must be a URL/,
    ],
    [
      'a route path without its slash',
      'cohere',
      (d) => (route(d).paths = ['rerank']),
      /"rerank" should start with \/ \(fixed path\) or ~\/ \(regex path\)/,
    ],
    [
      'a route path with an empty segment',
      'cohere',
      (d) => (route(d).paths = ['/v1//rerank']),
      /must not have empty segments/,
    ],
    [
      'a lowercase method',
      'cohere',
      (d) => (route(d).methods = ['post']),
      /"post" must contain only uppercase letters/,
    ],
    [
      'paths as a string',
      'cohere',
      (d) => (route(d).paths = '/rerank'),
      /paths: must be an array of strings/,
    ],
    [
      'a plugin without a name',
      'cohere',
      (d) => delete route(d).plugins[0].name,
      /plugins\[0\].name: required/,
    ],
    [
      'an unknown plugin field',
      'cohere',
      (d) => (route(d).plugins[0].configs = {}),
      /unknown field "configs"/,
    ],
    [
      'an unknown ai-proxy field',
      'cohere',
      (d) => (config(d).llm_formats = 'cohere'),
      /config: unknown field "llm_formats"/,
    ],
    [
      'an unknown auth field',
      'cohere',
      (d) => (config(d).auth.header = 'x'),
      /config.auth: unknown field "header"/,
    ],
    ['a missing route_type', 'cohere', (d) => delete config(d).route_type, /route_type: required/],
    [
      'a route_type Kong does not have',
      'cohere',
      (d) => (config(d).route_type = 'llm/v1/rerank'),
      /route_type: required, one of/,
    ],
    ['a missing model', 'cohere', (d) => delete config(d).model, /config.model: required/],
    [
      'a provider Kong does not have',
      'cohere',
      (d) => (config(d).model.provider = 'voyage'),
      /model.provider: required, one of/,
    ],
    [
      'an unknown model option',
      'bedrock',
      (d) => (config(d).model.options.region = 'us-west-2'),
      /model.options: unknown field "region"/,
    ],
    [
      'a native Bedrock format on another route type',
      'bedrock',
      (d) => (config(d).route_type = 'llm/v1/completions'),
      /native llm_format "bedrock" needs route_type llm\/v1\/chat/,
    ],
    [
      'a native Bedrock format for another provider',
      'bedrock',
      (d) => (config(d).model.provider = 'cohere'),
      /native llm_format "bedrock" needs model.provider "bedrock"/,
    ],
    [
      'allow_override on Bedrock',
      'bedrock',
      (d) => (config(d).auth.allow_override = true),
      /bedrock and gemini only support false/,
    ],
    [
      'a header name without its value',
      'cohere',
      (d) => delete config(d).auth.header_value,
      /header_name and header_value are required together/,
    ],
    [
      'half of the param_* fields',
      'cohere',
      (d) => (config(d).auth.param_name = 'key'),
      /param_name, param_value and param_location are required together/,
    ],
    [
      'a string as a boolean',
      'cohere',
      (d) => (config(d).logging.log_payloads = 'false'),
      /logging.log_payloads: must be a boolean/,
    ],
    [
      'an auth value that is not a string',
      'cohere',
      (d) => (config(d).auth.header_value = 42),
      /auth.header_value: must be a string/,
    ],
  ])('refuses %s', (_what, name, edit, problem) => {
    const text = name === 'cohere' ? cohere : bedrock;
    // The ${{ env }} templates are strings to YAML, so they survive the round trip.
    expect(check(edited(text, edit))).toMatch(problem);
  });

  it.each<[string, string, RegExp]>([
    [
      'a variable without the DECK_ prefix',
      '${{ env "COHERE_API_KEY" }}',
      /decK reads only variables prefixed with DECK_/,
    ],
    [
      'a template that is not an env reference',
      '${{ DECK_COHERE_API_KEY }}',
      /not an env "DECK_…" reference/,
    ],
    [
      'a shell-style variable',
      '${DECK_COHERE_API_KEY}',
      /decK does not expand shell-style variables/,
    ],
  ])('refuses %s', (_what, reference, problem) => {
    expect(check(cohere.replace('${{ env "DECK_COHERE_API_KEY" }}', reference))).toMatch(problem);
  });
});
