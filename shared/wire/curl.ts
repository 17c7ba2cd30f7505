/**
 * "Copy as curl" for a wire exchange. Credentials never appear: headers that carried one are
 * written as shell expressions over environment variables (`Bearer $COHERE_API_KEY`), and
 * SigV4-signed requests use curl's own `--aws-sigv4` with the AWS variables. The options come
 * from the provider's auth description (shared/providers/auth.ts `curlAuthFor`). Built when
 * asked for (the renderer's Copy curl), not per call: it would copy every request body once more.
 */
import type { CurlAuth } from '../contract/schemas';
import { AWS_ENV, SIGV4_HEADERS } from '../providers/auth';

export type CurlOptions = CurlAuth;

export interface CurlSource {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  truncated?: boolean;
}

/** Single-quotes a value for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(source: CurlSource, options: CurlOptions = {}): string {
  const lines = [`curl -X ${source.method} ${shellQuote(source.url)}`];
  if (options.awsSigv4) {
    const { region, service, sessionToken } = options.awsSigv4;
    lines.push(`--aws-sigv4 ${shellQuote(`aws:amz:${region}:${service}`)}`);
    lines.push(`--user "$${AWS_ENV.accessKeyId}:$${AWS_ENV.secretAccessKey}"`);
    if (sessionToken) lines.push(`-H "x-amz-security-token: $${AWS_ENV.sessionToken}"`);
  }
  for (const [name, value] of Object.entries(source.requestHeaders)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'host') continue;
    if (options.awsSigv4 && SIGV4_HEADERS.has(lower)) continue;
    const expression = options.credentialHeaders?.[lower];
    // Double quotes so the shell expands the variable; the expression is ours, not user text.
    lines.push(
      expression ? `-H "${name}: ${expression}"` : `-H ${shellQuote(`${name}: ${value}`)}`,
    );
  }
  if (source.requestBody) lines.push(`--data-raw ${shellQuote(source.requestBody)}`);
  const command = lines.join(' \\\n  ');
  return source.truncated
    ? `# The body was cut for display; this command sends only what is shown.\n${command}`
    : command;
}
