/**
 * The one place a raw request becomes a typed handler call. Every host (Electron IPC, the
 * loopback HTTP host, the CLI, tests) goes through here, so every host validates the same way
 * and returns the same messages.
 */
import { fail, type Result } from '../util/result';
import { formatIssue } from './issues';
import { isOperationName, type OperationName } from './names';
import { operations, type OperationResponse, type ParsedRequest } from './operations';

export type Handler<N extends OperationName> = (
  request: ParsedRequest<N>,
) => Promise<Result<OperationResponse<N>>>;

export type Handlers = { [N in OperationName]: Handler<N> };

/** Called for bugs (exceptions in handlers); hosts log them. */
export type BugReporter = (operation: string, error: unknown) => void;

export async function dispatch(
  handlers: Handlers,
  name: string,
  raw: unknown,
  reportBug: BugReporter = () => {},
): Promise<Result<unknown>> {
  if (!isOperationName(name)) return fail('unknown_operation', `unknown operation "${name}"`);
  const parsed = operations[name].request.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      'invalid_request',
      issue ? formatIssue(issue) : `invalid request for ${name}`,
      issue?.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    );
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    reportBug(name, error);
    return fail('internal', `${name} failed unexpectedly; see the log for details`);
  }
}
