/**
 * `rerank-studio keys`: the Keys panel for terminals and servers, through the same contract
 * operations. A key is read from standard input, never from the command line, where it would
 * land in shell history and process lists; nothing prints a key.
 */
import { parseArgs } from 'node:util';
import type { KeyStatus } from '../../../shared/contract/secrets';
import { credentialInfo, type KeyProvider } from '../../../shared/providers/credentials';
import { keyFields } from '../../../shared/secrets/keys';
import { CliInputError, EXIT, type CliIo } from './io';
import { caller, cliServices } from './session';
import type { OperationResponse } from '../../../shared/contract';

export const KEYS_USAGE = `Usage: rerank-studio keys [status|set|clear|test] [options]

  keys [status] [--json]   which providers have a key, where it comes from, its last 4 characters
  keys set PROVIDER        store a key, read from standard input (Bedrock: access key ID,
                           secret access key and optionally a session token, one per line)
  keys clear PROVIDER      remove the stored key (environment variables are not touched)
  keys test PROVIDER [--base-url URL] [--model NAME]
                           one minimal rerank request with the key; exit 1 if it is refused

Keys are stored in the OS keychain (service "rerank-studio"). Without one, \`keys set\` fails:
a key held by this process would be gone when it exits; use the provider's environment variable.
`;

export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    io.stdout(KEYS_USAGE);
    return EXIT.ok;
  }
  const [action = 'status', provider, ...extra] = positionals;
  if (extra.length > 0)
    throw new CliInputError(`unexpected argument "${extra[0]}"\n\n${KEYS_USAGE}`);
  const services = cliServices(io);
  const call = caller(services);
  try {
    switch (action) {
      case 'status': {
        const status = await call('secrets:status', {});
        if (values.json) io.stdout(`${JSON.stringify(status)}\n`);
        else io.stdout(formatStatus(status));
        return EXIT.ok;
      }
      case 'set': {
        const chosen = requireProvider(provider);
        const status = await call('secrets:status', {});
        if (status.storage.kind !== 'keychain') {
          io.stderr(
            `${status.storage.detail ?? 'no keychain is available'}: a key set here would be lost ` +
              `when this command exits; set ${credentialInfo(chosen).keyEnv[0] ?? 'the environment variable'} instead\n`,
          );
          return EXIT.failed;
        }
        const lines = (await io.readStdin()).split(/\r?\n/);
        const input = Object.fromEntries(
          keyFields(chosen).map((field, i) => [field.name, lines[i] ?? '']),
        );
        const changed = await call('secrets:set', { provider: chosen, ...input } as never);
        io.stdout(`${formatKey(changed.status)}\n`);
        return EXIT.ok;
      }
      case 'clear': {
        const changed = await call('secrets:clear', { provider: requireProvider(provider) });
        io.stdout(`${formatKey(changed.status)}\n`);
        return EXIT.ok;
      }
      case 'test': {
        const tested = await call('secrets:test', {
          provider: requireProvider(provider),
          ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
          ...(values.model ? { model: values.model } : {}),
        });
        const status = tested.status === undefined ? '' : ` (${tested.status})`;
        const line = `${tested.ok ? 'ok' : 'failed'}${status}: ${tested.message}`;
        (tested.ok ? io.stdout : io.stderr)(`${line}\n`);
        return tested.ok ? EXIT.ok : EXIT.failed;
      }
      default:
        throw new CliInputError(`unknown keys action "${action}"\n\n${KEYS_USAGE}`);
    }
  } finally {
    await services.close();
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        'base-url': { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${KEYS_USAGE}`);
  }
}

/** Presence only; the contract checks the name, with the message every host gives. */
function requireProvider(provider: string | undefined): KeyProvider {
  if (!provider) throw new CliInputError(`a provider is required\n\n${KEYS_USAGE}`);
  return provider as KeyProvider;
}

const SOURCES = { keychain: 'keychain', session: 'this session', env: 'environment' } as const;

function formatKey(status: KeyStatus): string {
  const label = credentialInfo(status.provider as KeyProvider).label;
  if (!status.configured) return `${status.provider.padEnd(18)} not set   (${label})`;
  const last4 = status.last4 ? `••••${status.last4}` : '••••';
  return `${status.provider.padEnd(18)} ${last4.padEnd(9)} ${SOURCES[status.source ?? 'env']}`;
}

function formatStatus(status: OperationResponse<'secrets:status'>): string {
  const storage =
    status.storage.kind === 'keychain'
      ? 'Keys set here are stored in the OS keychain.'
      : `Keys set here are held for this session only: ${status.storage.detail ?? 'no keychain'}.`;
  return `${storage}\n${status.providers.map(formatKey).join('\n')}\n`;
}
