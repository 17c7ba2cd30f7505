/**
 * Code that calls the provider directly, without Rerank Studio in between: curl, TypeScript
 * (`fetch`) and Python (`requests`). The request is the one the app's adapter builds for this
 * config (same URL, headers and body), with the example query and documents; keys come from
 * environment variables, never from the text.
 */
import type { PipelineConfig } from '../pipeline/config';
import { AWS_ENV, curlAuthFor } from '../providers/auth';
import { toCurl } from '../wire/curl';
import { notOneProviderCall, providerLabel, TS_MAIN_END, unavailable, withKey } from './common';
import type { ExportOptions, ExportResult, ExportTarget, ProviderRequest } from './types';

type CodeTarget = Extract<ExportTarget, 'curl' | 'typescript' | 'python'>;

function requestFor(
  target: CodeTarget,
  config: PipelineConfig,
  options: ExportOptions,
): { request: ProviderRequest } | { refused: ExportResult } {
  const why = notOneProviderCall(config);
  if (why) return { refused: unavailable(target, why) };
  const { request, requestError } = options;
  if (!request) {
    const reason = `the provider request could not be built${requestError ? `: ${requestError}` : ''}`;
    return { refused: unavailable(target, reason) };
  }
  return { request };
}

/** The lines every snippet starts with: what it calls, what it needs, what it leaves out. */
function preamble(config: PipelineConfig, request: ProviderRequest): string[] {
  const { key, name, model } = withKey(config);
  const lines = [
    `Rerank with "${name}" (${key}): ${providerLabel(config.provider)}${model ? ` ${model}` : ''}, called directly.`,
  ];
  const { auth } = request;
  if (auth.kind === 'header') {
    lines.push(
      auth.optional
        ? `${auth.env} is sent if set (this server may run without a key).`
        : `Needs ${auth.env} in the environment.`,
    );
  } else if (auth.kind === 'sigv4') {
    lines.push(
      `Signed with AWS SigV4 (${auth.service}, ${auth.region}): needs ${AWS_ENV.accessKeyId} and ${AWS_ENV.secretAccessKey} (and ${AWS_ENV.sessionToken} for temporary credentials).`,
    );
  }
  if (config.fallbacks?.length) {
    lines.push(
      `The config's ${config.fallbacks.length} fallback(s) are not called here: this is the primary's request (\`rerank-studio serve\` runs the fallbacks).`,
    );
  }
  return lines;
}

export function exportCurl(config: PipelineConfig, options: ExportOptions = {}): ExportResult {
  const resolved = requestFor('curl', config, options);
  if ('refused' in resolved) return resolved.refused;
  const { request } = resolved;
  const { auth } = request;
  const headers = { ...request.headers };
  // The credential header is listed so toCurl writes it, as its environment variable.
  if (auth.kind === 'header') headers[auth.header] = '';
  const command = toCurl(
    {
      method: request.method,
      url: request.url,
      requestHeaders: headers,
      requestBody: JSON.stringify(request.body, null, 2),
    },
    auth.kind === 'none' ? {} : curlAuthFor(auth),
  );
  const comments = preamble(config, request).map((line) => `# ${line}`);
  return {
    target: 'curl',
    ok: true,
    text: `${comments.join('\n')}\n${command}\n`,
    fileName: `${withKey(config).key}-rerank.sh`,
    language: 'shell',
  };
}

export function exportTypeScript(
  config: PipelineConfig,
  options: ExportOptions = {},
): ExportResult {
  const resolved = requestFor('typescript', config, options);
  if ('refused' in resolved) return resolved.refused;
  const { request } = resolved;
  const { auth } = request;
  const lines = preamble(config, request).map((line) => `// ${line}`);
  lines.push('// Node 18+ (global fetch); run with `npx tsx rerank.ts`.');
  if (auth.kind === 'sigv4') lines.push("import { AwsClient } from 'aws4fetch';");
  lines.push('', `const url = ${JSON.stringify(request.url)};`);
  lines.push(`const body = ${JSON.stringify(request.body, null, 2)};`, '');
  lines.push('async function main(): Promise<void> {');
  lines.push(`  const headers: Record<string, string> = ${JSON.stringify(request.headers)};`);
  if (auth.kind === 'header') {
    const env = JSON.stringify(auth.env);
    lines.push(`  const key = process.env[${env}];`);
    if (!auth.optional)
      lines.push(`  if (!key) throw new Error(${JSON.stringify(`Set ${auth.env}`)});`);
    const set = `headers[${JSON.stringify(auth.header)}] = ${JSON.stringify(auth.prefix)} + key;`;
    lines.push(auth.optional ? `  if (key) ${set}` : `  ${set}`);
  }
  const init = `{ method: ${JSON.stringify(request.method)}, headers, body: JSON.stringify(body) }`;
  if (auth.kind === 'sigv4') {
    lines.push(
      '  const aws = new AwsClient({',
      `    accessKeyId: process.env.${AWS_ENV.accessKeyId} ?? '',`,
      `    secretAccessKey: process.env.${AWS_ENV.secretAccessKey} ?? '',`,
      `    sessionToken: process.env.${AWS_ENV.sessionToken},`,
      `    region: ${JSON.stringify(auth.region)},`,
      `    service: ${JSON.stringify(auth.service)},`,
      '  });',
      `  const response = await aws.fetch(url, ${init});`,
    );
  } else {
    lines.push(`  const response = await fetch(url, ${init});`);
  }
  lines.push(
    '  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);',
    '  console.log(JSON.stringify(await response.json(), null, 2));',
    ...TS_MAIN_END,
  );
  return {
    target: 'typescript',
    ok: true,
    text: lines.join('\n'),
    fileName: `${withKey(config).key}-rerank.ts`,
    language: 'typescript',
  };
}

export function exportPython(config: PipelineConfig, options: ExportOptions = {}): ExportResult {
  const resolved = requestFor('python', config, options);
  if ('refused' in resolved) return resolved.refused;
  const { request } = resolved;
  const { auth } = request;
  const lines = [`"""${preamble(config, request).join('\n').replace(/"""/g, "'''")}"""`, ''];
  lines.push('import json', 'import os', '', 'import requests');
  if (auth.kind === 'sigv4') {
    lines.push(
      'from botocore.auth import SigV4Auth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.session import Session',
    );
  }
  lines.push('', `URL = ${JSON.stringify(request.url)}`);
  lines.push(`BODY = ${pythonLiteral(request.body, '')}`, '');
  lines.push('', 'def main() -> None:');
  lines.push(`    headers = ${pythonLiteral(request.headers, '    ')}`);
  if (auth.kind === 'header') {
    lines.push(`    key = os.environ.get(${JSON.stringify(auth.env)})`);
    const set = `headers[${JSON.stringify(auth.header)}] = ${JSON.stringify(auth.prefix)} + key`;
    if (auth.optional) lines.push('    if key:', `        ${set}`);
    else
      lines.push(
        '    if not key:',
        `        raise SystemExit(${JSON.stringify(`Set ${auth.env}`)})`,
        `    ${set}`,
      );
  }
  lines.push('    data = json.dumps(BODY)');
  if (auth.kind === 'sigv4') {
    lines.push(
      `    signed = AWSRequest(method=${JSON.stringify(request.method)}, url=URL, data=data, headers=headers)`,
      `    SigV4Auth(Session().get_credentials(), ${JSON.stringify(auth.service)}, ${JSON.stringify(auth.region)}).add_auth(signed)`,
      '    headers = dict(signed.headers)',
    );
  }
  lines.push(
    '    response = requests.post(URL, data=data, headers=headers, timeout=60)',
    '    response.raise_for_status()',
    '    print(json.dumps(response.json(), indent=2))',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  );
  return {
    target: 'python',
    ok: true,
    text: lines.join('\n'),
    fileName: `${withKey(config).key.replace(/-/g, '_')}_rerank.py`,
    language: 'python',
  };
}

/** JSON data as a Python literal: JSON strings are valid Python strings; only the keywords differ. */
function pythonLiteral(value: unknown, pad: string): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  const inner = `${pad}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${pythonLiteral(item, inner)},`).join('\n')}\n${pad}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},`)
    .join('\n')}\n${pad}}`;
}
