/**
 * A LiteLLM proxy `config.yaml` with rerank models, checked by the rules LiteLLM applies when it
 * loads one and routes a `/rerank` call. No npm package ships them and LiteLLM (Python) does not
 * run here, so they are written out beside their sources (read in BerriAI/litellm, not copied):
 *
 * - docs/my-website/docs/proxy/configs.md (docs.litellm.ai/docs/proxy/configs): the sections of
 *   the file, `model_list` entries as `model_name` + `litellm_params.model`, and secrets as
 *   `os.environ/NAME`, which `litellm/proxy/proxy_server.py` (ProxyConfig.load_config, the
 *   model_list loop) resolves with `get_secret` (`litellm/secret_managers/main.py`), taking the
 *   text after the `os.environ/` prefix as the variable's name.
 * - docs/my-website/docs/rerank.md (docs.litellm.ai/docs/rerank, "Supported Providers") and
 *   `litellm/rerank_api/main.py` `rerank()`: the provider routes that rerank, and what each branch
 *   needs (hosted_vllm and infinity raise without an api_base; any other provider without a
 *   rerank config raises "Unsupported provider").
 * - docs/my-website/docs/providers/bedrock_rerank.md: a Bedrock rerank model is the foundation
 *   model's ARN.
 * - docs/my-website/docs/proxy/reliability.md (docs.litellm.ai/docs/proxy/reliability):
 *   `router_settings.fallbacks` as a list of `{model_name: [fallback model_names]}`.
 */
import { isObject, parseYamlFile } from './yaml-file';

/** configs.md, the table of the file's sections. */
const SECTIONS = new Set([
  'model_list',
  'router_settings',
  'litellm_settings',
  'general_settings',
  'environment_variables',
]);

/**
 * The `<route>/` prefixes LiteLLM reranks through: rerank.md's Supported Providers and the
 * branches of rerank_api/main.py (cohere, together_ai, azure_ai, infinity, jina_ai, nvidia_nim,
 * bedrock, hosted_vllm, deepinfra, fireworks_ai, voyage; huggingface, vertex_ai and watsonx
 * through their rerank configs in the generic branch).
 */
// prettier-ignore
export const LITELLM_RERANK_ROUTES = [
  'azure_ai', 'bedrock', 'cohere', 'deepinfra', 'fireworks_ai', 'hosted_vllm', 'huggingface',
  'infinity', 'jina_ai', 'litellm_proxy', 'nvidia_nim', 'together_ai', 'vertex_ai', 'voyage',
  'watsonx',
];

/** rerank_api/main.py: these branches raise "api_base must be provided" / "Invalid api base". */
const NEEDS_API_BASE = new Set(['hosted_vllm', 'infinity']);

/** Fields that hold a credential: an `os.environ/` reference, never the secret itself. */
const CREDENTIALS = new Set([
  'api_key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'vertex_credentials',
]);

/** get_secret: the name after `os.environ/`, read from the environment as it stands. */
const ENV_REF = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;

function checkEntry(at: string, entry: unknown): string[] {
  if (!isObject(entry)) return [`${at}: must be a mapping`];
  const p: string[] = [];
  if (typeof entry.model_name !== 'string' || entry.model_name === '')
    p.push(`${at}.model_name: required (the name callers send as "model")`);
  const params = entry.litellm_params;
  if (!isObject(params)) return [...p, `${at}.litellm_params: required (a mapping)`];
  const model = params.model;
  if (typeof model !== 'string') return [...p, `${at}.litellm_params.model: required (a string)`];
  const slash = model.indexOf('/');
  const route = slash > 0 ? model.slice(0, slash) : '';
  if (!LITELLM_RERANK_ROUTES.includes(route))
    p.push(
      `${at}.litellm_params.model: "${model}" names no provider LiteLLM reranks with (<route>/<model>, route one of ${LITELLM_RERANK_ROUTES.join(', ')})`,
    );
  else if (model.length === slash + 1)
    p.push(`${at}.litellm_params.model: "${model}" names no model after the route`);
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    if (value.startsWith('os.environ') && !ENV_REF.test(value))
      p.push(
        `${at}.litellm_params.${key}: "${value}" is not os.environ/NAME, so LiteLLM would use the text itself`,
      );
    else if (/\$\{?[A-Za-z_]/.test(value))
      p.push(
        `${at}.litellm_params.${key}: "${value}": LiteLLM does not expand shell variables (use os.environ/NAME)`,
      );
    else if (CREDENTIALS.has(key) && !ENV_REF.test(value))
      p.push(
        `${at}.litellm_params.${key}: a credential must be an os.environ/NAME reference, not the secret itself`,
      );
  }
  const base = params.api_base;
  if (
    base !== undefined &&
    (typeof base !== 'string' || !(ENV_REF.test(base) || /^https?:\/\/[^/]+/.test(base)))
  )
    p.push(`${at}.litellm_params.api_base: must be an http(s) URL or os.environ/NAME`);
  if (NEEDS_API_BASE.has(route) && base === undefined)
    p.push(
      `${at}.litellm_params.api_base: required for ${route}/ reranks (LiteLLM raises without it)`,
    );
  if (route === 'bedrock') {
    const arn = /^arn:aws(-[a-z]+)*:bedrock:([a-z0-9-]+):\d*:foundation-model\/.+$/.exec(
      model.slice(slash + 1),
    );
    if (!arn)
      p.push(
        `${at}.litellm_params.model: a Bedrock rerank model is bedrock/<foundation model ARN>`,
      );
    else if (params.aws_region_name !== undefined && params.aws_region_name !== arn[2])
      p.push(
        `${at}.litellm_params.aws_region_name: ${JSON.stringify(params.aws_region_name)} is not the ARN's region "${arn[2]}"`,
      );
  }
  return p;
}

/** Every problem LiteLLM would hit loading this config or reranking with it (empty when none). */
export function checkLiteLlmConfig(text: string): string[] {
  const file = parseYamlFile(text);
  if ('problem' in file) return [file.problem];
  const config = file.value;
  if (!isObject(config)) return ['the file must be a mapping'];
  // LiteLLM ignores a section it does not know, so a misspelt one would silently do nothing.
  const problems = Object.keys(config)
    .filter((k) => !SECTIONS.has(k))
    .map((k) => `${k}: not a section of LiteLLM's config.yaml (${[...SECTIONS].join(', ')})`);
  const list = config.model_list;
  if (!Array.isArray(list) || list.length === 0)
    return [...problems, 'model_list: required, a non-empty list'];
  list.forEach((entry, i) => problems.push(...checkEntry(`model_list[${i}]`, entry)));
  const names = new Set(list.map((e) => (isObject(e) ? e.model_name : undefined)));
  const router = config.router_settings;
  if (router !== undefined) {
    if (!isObject(router)) return [...problems, 'router_settings: must be a mapping'];
    const fallbacks = router.fallbacks;
    if (fallbacks !== undefined && !Array.isArray(fallbacks))
      problems.push('router_settings.fallbacks: must be a list');
    (Array.isArray(fallbacks) ? fallbacks : []).forEach((rule, i) => {
      const at = `router_settings.fallbacks[${i}]`;
      const keys = isObject(rule) ? Object.keys(rule) : [];
      if (!isObject(rule) || keys.length !== 1)
        return problems.push(`${at}: must be a mapping of one model_name to a list of model_names`);
      const [from] = keys as [string];
      if (!names.has(from)) problems.push(`${at}: "${from}" is no model_name in model_list`);
      const to = rule[from];
      if (!Array.isArray(to) || to.length === 0)
        return problems.push(`${at}.${from}: must be a non-empty list of model_names`);
      for (const name of to) {
        if (!names.has(name))
          problems.push(`${at}.${from}: "${String(name)}" is no model_name in model_list`);
        if (name === from) problems.push(`${at}.${from}: a model cannot fall back to itself`);
      }
    });
  }
  return problems;
}
