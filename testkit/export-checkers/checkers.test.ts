/**
 * The export checkers refuse what their tools refuse: each rule gets a file that breaks it,
 * made from a real export, and the test names the problem the checker must report (and that
 * the unbroken file has none). shared/export/consumers.test.ts runs them over every export.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { EXPORT_CASES, SAMPLE, type ExportCase } from '../../shared/export/fixtures';
import { exportPipeline, type ExportTarget } from '../../shared/export';
import { checkComposeFile } from './compose';
import { containerArgv } from './container';
import { checkDeckFile } from './deck';
import { checkDockerfile, execForm } from './dockerfile';
import { checkKubernetesManifests, kubernetesDeclarationProblems } from './kubernetes';
import { checkLiteLlmConfig } from './litellm';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   the tests reach into parsed YAML to break it on purpose; its shape is whatever they make it. */
type Json = Record<string, any>;

function exported(name: ExportCase, target: ExportTarget): string {
  const result = exportPipeline(EXPORT_CASES[name], target, { sample: SAMPLE });
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

/** The YAML export, changed by `edit` (which gets the parsed file), written back. */
function edited(text: string, edit: (doc: Json) => void): string {
  const doc = parse(text) as Json;
  edit(doc);
  return stringify(doc);
}

function editedManifest(text: string, kind: string, edit: (doc: Json) => void): string {
  return parseAllDocuments(text)
    .map((d) => {
      const doc = d.toJS() as Json;
      if (doc.kind === kind) edit(doc);
      return stringify(doc);
    })
    .join('---\n');
}

describe('the Kubernetes checker', () => {
  const manifest = exported('cohere', 'kubernetes');
  const container = (doc: Json) => doc.spec.template.spec.containers[0] as Json;

  it('passes the export, and its minimal core types leave none of the models’ types unresolved', () => {
    expect(checkKubernetesManifests(manifest)).toEqual([]);
    expect(kubernetesDeclarationProblems()).toEqual([]);
  });

  it.each<[string, string, (doc: Json) => void, RegExp]>([
    [
      'a wrong field type',
      'Deployment',
      (d) => (container(d).ports[0].containerPort = '8787'),
      /containerPort must be integer/,
    ],
    [
      'a ConfigMap value that is not a string',
      'ConfigMap',
      (d) => (d.data.extra = 3),
      /data\/extra must be string/,
    ],
    [
      'a missing required field',
      'Deployment',
      (d) => delete d.spec.selector,
      /must have required property selector/,
    ],
    [
      'a quantity that is neither a string nor a number',
      'Deployment',
      (d) => (container(d).resources.requests.cpu = true),
      /requests\/cpu must match exactly one schema in "oneOf"/,
    ],
    [
      'an unknown (misspelt) field',
      'Deployment',
      (d) => (container(d).readinesProbe = container(d).readinessProbe),
      /'"readinesProbe"' does not exist in type 'IContainer'/,
    ],
    [
      'a Service name that starts with a digit',
      'Service',
      (d) => (d.metadata.name = '2026-rerank'),
      /metadata.name "2026-rerank" is not an RFC 1035 label/,
    ],
    [
      'a Deployment name over 63 characters',
      'Deployment',
      (d) => (d.metadata.name = 'a'.repeat(64)),
      /is not an RFC 1123 label of at most 63/,
    ],
    [
      'a label value over 63 characters',
      'Service',
      (d) => (d.metadata.labels.pipeline = 'p'.repeat(64)),
      /value "p{64}" is not a valid label value/,
    ],
    [
      'a port name over 15 characters',
      'Deployment',
      (d) => (container(d).ports[0].name = 'http-rerank-server'),
      /port name "http-rerank-server" is not an IANA service name/,
    ],
    [
      'a ConfigMap key with a slash',
      'ConfigMap',
      (d) => (d.data['a/b.json'] = '{}'),
      /data key "a\/b.json" is not a valid ConfigMap key/,
    ],
  ])('refuses %s', (_what, kind, edit, problem) => {
    const problems = checkKubernetesManifests(editedManifest(manifest, kind, edit));
    expect(problems.join('\n')).toMatch(problem);
  });

  it('refuses a kind it has no schema for, rather than passing it', () => {
    expect(checkKubernetesManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n')).toEqual([
      'document 1 (v1/Pod x): no schema here for this apiVersion/kind',
    ]);
  });
});

describe('the Dockerfile checker', () => {
  const dockerfile = exported('cohere', 'dockerfile');

  it('passes the export', () => expect(checkDockerfile(dockerfile)).toEqual([]));

  it.each<[string, (text: string) => string, RegExp]>([
    [
      'an unknown instruction',
      (t) => t.replace('USER node', 'USR node'),
      /Unknown instruction: USR/,
    ],
    [
      'a port that is not a number',
      (t) => t.replace('EXPOSE 8787', 'EXPOSE http'),
      /Invalid containerPort: http/,
    ],
    [
      'a duration without a unit',
      (t) => t.replace('HEALTHCHECK CMD', 'HEALTHCHECK --interval=5 CMD'),
      /missing unit in duration 5/,
    ],
    ['a second ENTRYPOINT', (t) => `${t}ENTRYPOINT ["node"]\n`, /ENTRYPOINT/],
    [
      'a relative WORKDIR',
      (t) => t.replace('WORKDIR /app', 'WORKDIR app'),
      /WORKDIR paths should be absolute/,
    ],
    [
      'a lowercase instruction',
      (t) => t.replace('USER node', 'user node'),
      /Instructions should be written in uppercase/,
    ],
    [
      'exec form in single quotes',
      (t) =>
        t.replace(
          'ENTRYPOINT ["node", "bin/rerank-studio.mjs"]',
          "ENTRYPOINT ['node', 'bin/rerank-studio.mjs']",
        ),
      /JSON/,
    ],
  ])('refuses %s', (_what, edit, problem) => {
    expect(checkDockerfile(edit(dockerfile)).join('\n')).toMatch(problem);
  });

  it('combines ENTRYPOINT and CMD with an orchestrator’s overrides as Docker and Kubernetes do', () => {
    expect(execForm(dockerfile, 'ENTRYPOINT')).toEqual(['node', 'bin/rerank-studio.mjs']);
    expect(containerArgv(dockerfile).slice(0, 3)).toEqual([
      'node',
      'bin/rerank-studio.mjs',
      'serve',
    ]);
    expect(containerArgv(dockerfile, { args: ['serve', '--help'] })).toEqual([
      'node',
      'bin/rerank-studio.mjs',
      'serve',
      '--help',
    ]);
    expect(containerArgv(dockerfile, { entrypoint: ['sh'] })).toEqual(['sh']);
  });
});

describe('the Compose checker', () => {
  const compose = exported('local', 'compose');
  const service = (doc: Json) => doc.services.minilm as Json;

  it('passes the export', () => expect(checkComposeFile(compose)).toEqual([]));

  it.each<[string, (doc: Json) => void, RegExp]>([
    [
      'an unknown service field',
      (d) => (service(d).restrat = 'always'),
      /must NOT have additional properties \(restrat\)/,
    ],
    [
      'ports that are not a list',
      (d) => (service(d).ports = 8787),
      /\/services\/minilm\/ports must be array/,
    ],
    [
      'a duration Compose cannot parse',
      (d) => (service(d).stop_grace_period = '60 seconds'),
      /stop_grace_period must match format "duration"/,
    ],
    [
      'an unknown top-level section',
      (d) => (d.service = d.services),
      /must NOT have additional properties \(service\)/,
    ],
    [
      'a service name with a space',
      (d) => (d.services['mini lm'] = service(d)),
      /must NOT have additional properties \(mini lm\)/,
    ],
  ])('refuses %s', (_what, edit, problem) => {
    expect(checkComposeFile(edited(compose, edit)).join('\n')).toMatch(problem);
  });
});

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
