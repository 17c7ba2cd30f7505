/**
 * A decK state file (kong.yaml) checked by the rules decK and Kong Gateway apply to it. No npm
 * package ships decK's file schema and no Kong runs here, so the rules our export can break are
 * written out, each beside its source (read, not copied, from the repositories named):
 *
 * - decK: Kong/go-database-reconciler `pkg/file/kong_json_schema.json` (what `deck file
 *   validate` and `deck gateway apply` check the file against, `pkg/file/validate.go:23-49`),
 *   and `pkg/file/template.go` (the `${{ env "DECK_…" }}` references).
 * - Kong: Kong/kong `kong/db/schema/typedefs.lua` (route paths and methods),
 *   `kong/llm/schemas/init.lua` and `kong/plugins/ai-proxy/schema.lua` (the plugin's rules),
 *   and the plugin's published JSON schema per Kong version, Kong/developer.konghq.com
 *   `app/_schemas/gateway/plugins/<version>/AiProxy.json` (field names and enums; Kong's schema
 *   refuses a field it does not know with "unknown field", `kong/db/schema/init.lua:102`).
 */
import { isObject, parseYamlFile, type Json } from './yaml-file';

// kong_json_schema.json:1-160: the top level's properties, then `additionalProperties: false`.
// prettier-ignore
const TOP_LEVEL = new Set([
  '_format_version', '_info', '_konnect', '_plugin_configs', '_transform', '_workspace',
  'ca_certificates', 'certificates', 'cloned_plugins', 'consumer_groups', 'consumers',
  'custom_entities', 'custom_plugins', 'filter_chains', 'key_sets', 'keys', 'licenses',
  'partials', 'plugins', 'rbac_roles', 'routes', 'service_packages', 'services', 'upstreams',
  'vaults',
]);
// kong_json_schema.json:1212 "FService" (additionalProperties false; name or id required).
// prettier-ignore
const SERVICE = new Set([
  'ca_certificates', 'client_certificate', 'connect_timeout', 'created_at', 'enabled',
  'filter_chains', 'host', 'id', 'name', 'path', 'plugins', 'port', 'protocol', 'read_timeout',
  'retries', 'routes', 'tags', 'tls_sans', 'tls_verify', 'tls_verify_depth', 'updated_at', 'url',
  'write_timeout',
]);
// kong_json_schema.json:1079 "FRoute" (additionalProperties false; name or id required).
// prettier-ignore
const ROUTE = new Set([
  'created_at', 'destinations', 'expression', 'filter_chains', 'headers', 'hosts',
  'https_redirect_status_code', 'id', 'methods', 'name', 'path_handling', 'paths', 'plugins',
  'preserve_host', 'priority', 'protocols', 'regex_priority', 'request_buffering',
  'response_buffering', 'service', 'snis', 'sources', 'strip_path', 'tags', 'updated_at',
]);
// kong_json_schema.json:919 "FPlugin" (additionalProperties false; name required).
// prettier-ignore
const PLUGIN = new Set([
  '_config', 'condition', 'config', 'consumer', 'consumer_group', 'created_at', 'enabled', 'id',
  'instance_name', 'name', 'ordering', 'partials', 'protocols', 'route', 'run_on', 'service',
  'tags',
]);

/** The ai-proxy config's fields in 3.11's AiProxy.json; NEW_IN_3_11 lists those 3.10's lacks. */
// prettier-ignore
const AI_PROXY = {
  config: [
    'auth', 'genai_category', 'llm_format', 'logging', 'max_request_body_size', 'model',
    'model_name_header', 'response_streaming', 'route_type',
  ],
  auth: [
    'allow_override', 'aws_access_key_id', 'aws_secret_access_key', 'azure_client_id',
    'azure_client_secret', 'azure_tenant_id', 'azure_use_managed_identity',
    'gcp_service_account_json', 'gcp_use_service_account', 'header_name', 'header_value',
    'param_location', 'param_name', 'param_value',
  ],
  model: ['name', 'options', 'provider'],
  options: [
    'anthropic_version', 'azure_api_version', 'azure_deployment_id', 'azure_instance', 'bedrock',
    'cohere', 'embeddings_dimensions', 'gemini', 'huggingface', 'input_cost', 'llama2_format',
    'max_tokens', 'mistral_format', 'output_cost', 'temperature', 'top_k', 'top_p',
    'upstream_path', 'upstream_url',
  ],
  bedrock: [
    'aws_assume_role_arn', 'aws_region', 'aws_role_session_name', 'aws_sts_endpoint_url',
    'embeddings_normalize', 'performance_config_latency',
  ],
  logging: ['log_payloads', 'log_statistics'],
} as const;
const NEW_IN_3_11 = new Set([
  'genai_category',
  'cohere',
  'embeddings_dimensions',
  'embeddings_normalize',
  'performance_config_latency',
]);
/** The fields a record has in this Kong version. */
const fieldsIn = (kongVersion: string, fields: readonly string[]) =>
  minor(kongVersion) >= 11 ? fields : fields.filter((f) => !NEW_IN_3_11.has(f));
const minor = (kongVersion: string) => Number(kongVersion.split('.')[1]);

// AiProxy.json "model.provider" enum (the same in 3.10 and 3.11; init.lua:212).
const PROVIDERS = [
  'anthropic',
  'azure',
  'bedrock',
  'cohere',
  'gemini',
  'huggingface',
  'llama2',
  'mistral',
  'openai',
];
// AiProxy.json "llm_format" enum: 3.10 has bedrock, gemini, openai; 3.11 adds cohere, huggingface.
const LLM_FORMATS: Record<'3.10' | '3.11', string[]> = {
  '3.10': ['bedrock', 'gemini', 'openai'],
  '3.11': ['bedrock', 'cohere', 'gemini', 'huggingface', 'openai'],
};
// AiProxy.json "route_type" enum (3.10's; 3.11 adds embeddings, files, audio, …, none of which
// reranks).
const ROUTE_TYPES = ['llm/v1/chat', 'llm/v1/completions', 'preserve'];

export interface DeckCheckOptions {
  /** The oldest Kong Gateway the file says it needs ("3.10" or later). */
  kongVersion: string;
}

function unknownKeys(where: string, value: Json, known: ReadonlySet<string> | readonly string[]) {
  const set = known instanceof Set ? known : new Set(known as readonly string[]);
  return Object.keys(value)
    .filter((k) => !set.has(k))
    .map((k) => `${where}: unknown field "${k}"`);
}

function strings(where: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [];
  return [`${where}: must be an array of strings`];
}

/** Every `${{ … }}` reference in the file's text; decK resolves them before parsing the YAML. */
function checkTemplates(text: string): string[] {
  const problems: string[] = [];
  // template.go:119: Go templates with `${{` `}}` delimiters; `env` (template.go:104-112)
  // reads a variable, which must start with DECK_ (template.go:37-41).
  for (const match of text.matchAll(/\$\{\{(.*?)\}\}/g)) {
    const call = /^\s*env\s+"([^"]+)"\s*$/.exec(match[1]!);
    if (!call) problems.push(`template ${match[0]}: not an env "DECK_…" reference`);
    else if (!call[1]!.startsWith('DECK_'))
      problems.push(`template ${match[0]}: decK reads only variables prefixed with DECK_`);
  }
  // A shell-style `${NAME}` is not a template: decK would send it to Kong as literal text.
  for (const match of text.matchAll(/\$\{(?!\{)[^}]*\}/g))
    problems.push(
      `${match[0]}: decK does not expand shell-style variables (use \${{ env "DECK_…" }})`,
    );
  return problems;
}

function checkAiProxy(where: string, config: unknown, kongVersion: string): string[] {
  if (!isObject(config)) return [`${where}.config: required for ai-proxy`];
  const p: string[] = unknownKeys(
    `${where}.config`,
    config,
    fieldsIn(kongVersion, AI_PROXY.config),
  );
  const formats = minor(kongVersion) >= 11 ? LLM_FORMATS['3.11'] : LLM_FORMATS['3.10'];
  // An unset llm_format is "openai" (the schema's default).
  const format = config.llm_format === undefined ? 'openai' : config.llm_format;
  if (typeof format !== 'string' || !formats.includes(format))
    p.push(
      `${where}.config.llm_format: ${JSON.stringify(format)} is not one of ${formats.join(', ')} in Kong ${kongVersion}`,
    );
  const native =
    typeof format === 'string' && ['bedrock', 'gemini'].includes(format) ? format : undefined;
  // init.lua:252-256: route_type is required.
  if (typeof config.route_type !== 'string' || !ROUTE_TYPES.includes(config.route_type))
    p.push(`${where}.config.route_type: required, one of ${ROUTE_TYPES.join(', ')}`);
  // ai-proxy/schema.lua:50-52: a native format only on the llm/v1/chat route type.
  if (native && config.route_type !== 'llm/v1/chat')
    p.push(`${where}.config: native llm_format "${native}" needs route_type llm/v1/chat`);
  const model = config.model;
  // init.lua:204-219: model is required, model.provider is required and one of PROVIDERS.
  if (!isObject(model)) p.push(`${where}.config.model: required`);
  else {
    p.push(...unknownKeys(`${where}.config.model`, model, AI_PROXY.model));
    if (typeof model.provider !== 'string' || !PROVIDERS.includes(model.provider))
      p.push(`${where}.config.model.provider: required, one of ${PROVIDERS.join(', ')}`);
    if (model.name !== undefined && typeof model.name !== 'string')
      p.push(`${where}.config.model.name: must be a string`);
    // ai-proxy/schema.lua:54-62: llm_format bedrock (gemini) only with that provider.
    if (native && model.provider !== native)
      p.push(`${where}.config: native llm_format "${native}" needs model.provider "${native}"`);
    const options = model.options;
    if (options !== undefined) {
      if (!isObject(options)) p.push(`${where}.config.model.options: must be an object`);
      else {
        p.push(
          ...unknownKeys(
            `${where}.config.model.options`,
            options,
            fieldsIn(kongVersion, AI_PROXY.options),
          ),
        );
        if (options.bedrock !== undefined) {
          if (!isObject(options.bedrock))
            p.push(`${where}.config.model.options.bedrock: must be an object`);
          else
            p.push(
              ...unknownKeys(
                `${where}.config.model.options.bedrock`,
                options.bedrock,
                fieldsIn(kongVersion, AI_PROXY.bedrock),
              ),
            );
        }
      }
    }
  }
  const auth = config.auth;
  if (auth !== undefined) {
    if (!isObject(auth)) p.push(`${where}.config.auth: must be an object`);
    else {
      p.push(...unknownKeys(`${where}.config.auth`, auth, AI_PROXY.auth));
      for (const [key, value] of Object.entries(auth)) {
        const boolean =
          key === 'allow_override' ||
          key.endsWith('_use_managed_identity') ||
          key === 'gcp_use_service_account';
        if (boolean ? typeof value !== 'boolean' : typeof value !== 'string')
          p.push(`${where}.config.auth.${key}: must be a ${boolean ? 'boolean' : 'string'}`);
      }
      // init.lua:262-266: Bedrock and Gemini refuse allow_override = true.
      if (
        isObject(model) &&
        ['bedrock', 'gemini'].includes(String(model.provider)) &&
        auth.allow_override === true
      )
        p.push(`${where}.config.auth.allow_override: bedrock and gemini only support false`);
      // init.lua:267-268: header_name/header_value and the param_* fields go together.
      if ((auth.header_name === undefined) !== (auth.header_value === undefined))
        p.push(`${where}.config.auth: header_name and header_value are required together`);
      const params = ['param_name', 'param_value', 'param_location'].filter(
        (k) => auth[k] !== undefined,
      );
      if (params.length > 0 && params.length < 3)
        p.push(
          `${where}.config.auth: param_name, param_value and param_location are required together`,
        );
    }
  }
  // init.lua:223-240: logging's two booleans.
  if (config.logging !== undefined) {
    if (!isObject(config.logging)) p.push(`${where}.config.logging: must be an object`);
    else {
      p.push(...unknownKeys(`${where}.config.logging`, config.logging, AI_PROXY.logging));
      for (const [key, value] of Object.entries(config.logging))
        if (typeof value !== 'boolean') p.push(`${where}.config.logging.${key}: must be a boolean`);
    }
  }
  return p;
}

function checkPlugins(where: string, plugins: unknown, kongVersion: string): string[] {
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins)) return [`${where}.plugins: must be an array`];
  return plugins.flatMap((plugin, i) => {
    const at = `${where}.plugins[${i}]`;
    if (!isObject(plugin)) return [`${at}: must be an object`];
    const p = unknownKeys(at, plugin, PLUGIN);
    if (typeof plugin.name !== 'string') p.push(`${at}.name: required (a string)`);
    if (plugin.config !== undefined && !isObject(plugin.config))
      p.push(`${at}.config: must be an object`);
    if (plugin.name === 'ai-proxy') p.push(...checkAiProxy(at, plugin.config, kongVersion));
    return p;
  });
}

function checkRoute(at: string, route: unknown, kongVersion: string): string[] {
  if (!isObject(route)) return [`${at}: must be an object`];
  const p = unknownKeys(at, route, ROUTE);
  if (typeof route.name !== 'string' && typeof route.id !== 'string')
    p.push(`${at}: name or id required`);
  if (route.paths !== undefined) {
    p.push(...strings(`${at}.paths`, route.paths));
    // typedefs.lua:596-604: "/" (fixed) or "~/" (regex), no empty segments.
    for (const path of Array.isArray(route.paths) ? route.paths : []) {
      if (typeof path !== 'string') continue;
      if (!/^~?\//.test(path))
        p.push(`${at}.paths: "${path}" should start with / (fixed path) or ~/ (regex path)`);
      if (path.includes('//')) p.push(`${at}.paths: "${path}" must not have empty segments`);
    }
  }
  if (route.methods !== undefined) {
    p.push(...strings(`${at}.methods`, route.methods));
    // typedefs.lua:247-250: only uppercase letters.
    for (const method of Array.isArray(route.methods) ? route.methods : [])
      if (typeof method === 'string' && !/^[A-Z]+$/.test(method))
        p.push(`${at}.methods: "${method}" must contain only uppercase letters`);
  }
  return [...p, ...checkPlugins(at, route.plugins, kongVersion)];
}

/** Every problem decK or Kong would report for this state file (empty when it applies). */
export function checkDeckFile(text: string, options: DeckCheckOptions): string[] {
  const problems = checkTemplates(text);
  const file = parseYamlFile(text);
  if ('problem' in file) return [...problems, file.problem];
  const state = file.value;
  if (!isObject(state)) return [...problems, 'the file must be a mapping'];
  problems.push(...unknownKeys('the file', state, TOP_LEVEL));
  // kong_json_schema.json:4-6 (a string); pkg/file/writer.go:84-93: "3.0" for Kong 3.x, whose
  // regex paths need the ~ prefix that format 1.1 files lack.
  if (state._format_version !== '3.0')
    problems.push(
      `_format_version: must be the string "3.0" for Kong 3.x (got ${JSON.stringify(state._format_version)})`,
    );
  const services = state.services;
  if (services !== undefined && !Array.isArray(services))
    problems.push('services: must be an array');
  (Array.isArray(services) ? services : []).forEach((service, i) => {
    const at = `services[${i}]`;
    if (!isObject(service)) return problems.push(`${at}: must be an object`);
    problems.push(...unknownKeys(at, service, SERVICE));
    if (typeof service.name !== 'string' && typeof service.id !== 'string')
      problems.push(`${at}: name or id required`);
    if (
      service.url !== undefined &&
      (typeof service.url !== 'string' ||
        !/^(https?|grpcs?|tcp|tls|udp|wss?):\/\/[^/]+/.test(service.url))
    )
      problems.push(`${at}.url: must be a URL with a scheme and host`);
    problems.push(...checkPlugins(at, service.plugins, options.kongVersion));
    if (service.routes !== undefined && !Array.isArray(service.routes))
      problems.push(`${at}.routes: must be an array`);
    (Array.isArray(service.routes) ? service.routes : []).forEach((route, j) =>
      problems.push(...checkRoute(`${at}.routes[${j}]`, route, options.kongVersion)),
    );
  });
  return problems;
}
