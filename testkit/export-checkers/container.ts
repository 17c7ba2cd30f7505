/**
 * The command line a container runs, from its image's ENTRYPOINT and CMD and what the
 * orchestrator overrides, by the rules the two documents:
 *
 * - Docker (docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact):
 *   an exec-form ENTRYPOINT runs with CMD appended; `docker run IMAGE ARGS…` replaces CMD.
 * - Kubernetes (kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/,
 *   "Notes"): `command` replaces ENTRYPOINT (and drops CMD), `args` replaces CMD and keeps
 *   ENTRYPOINT.
 * - Compose (docs.docker.com/reference/compose-file/services/#command, #entrypoint): `command`
 *   replaces CMD; `entrypoint` replaces ENTRYPOINT and drops CMD.
 */
import { execForm } from './dockerfile';

export interface Overrides {
  /** Kubernetes `command` / Compose `entrypoint`: the program. */
  entrypoint?: string[];
  /** Kubernetes `args` / Compose `command`: its arguments. */
  args?: string[];
}

/** The argv the container starts with. */
export function containerArgv(dockerfile: string, overrides: Overrides = {}): string[] {
  const entrypoint = overrides.entrypoint ?? execForm(dockerfile, 'ENTRYPOINT') ?? [];
  const args = overrides.args ?? (overrides.entrypoint ? [] : (execForm(dockerfile, 'CMD') ?? []));
  return [...entrypoint, ...args];
}
