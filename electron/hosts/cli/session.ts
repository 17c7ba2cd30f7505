/** What every CLI command runs on: the services, built from the environment, and calls to them. */
import { dispatch } from '../../../shared/contract/dispatch';
import type { OperationName, OperationRequest, OperationResponse } from '../../../shared/contract';
import { bundledWorker } from '../../inference/client';
import { resolveDataDir } from '../../platform/data-dir';
import { createServices, keychainFromEnv, type Services } from '../../composition/compose';
import { logBug } from '../../log/log';
import { CliInputError, type CliIo } from './io';

/** The work failed (exit 1), as opposed to bad input (exit 2). */
export class CommandFailed extends Error {}

export function cliServices(io: CliIo): Services {
  return createServices({
    host: 'cli',
    dataDir: resolveDataDir(io.env),
    env: io.env,
    keychain: keychainFromEnv(io.env),
    inferenceWorker: bundledWorker(import.meta.url),
  });
}

/**
 * Calls a contract operation and returns its answer; a refusal of the input throws
 * {@link CliInputError}, any other failure {@link CommandFailed}, with the host's message.
 */
export function caller(services: Services) {
  return async <N extends OperationName>(
    name: N,
    request: OperationRequest<N>,
  ): Promise<OperationResponse<N>> => {
    const result = await dispatch(services.handlers, name, request, logBug);
    if (!result.ok) {
      throw result.error.code === 'invalid_request'
        ? new CliInputError(result.error.message)
        : new CommandFailed(result.error.message);
    }
    return result.value as OperationResponse<N>;
  };
}
