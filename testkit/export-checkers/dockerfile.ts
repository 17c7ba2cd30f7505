/**
 * Dockerfiles checked by `dockerfile-utils`, the validator behind the VS Code Docker extension's
 * language server: instructions and their flags as the Docker builder parses them (unknown
 * instructions, malformed JSON (exec) form, invalid ports, HEALTHCHECK flags and durations,
 * relative WORKDIRs, a second CMD/ENTRYPOINT/HEALTHCHECK that would silently win, …). Every
 * setting is raised to an error: an export should build without a warning.
 */
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';

const STRICT: Required<ValidatorSettings> = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** Every diagnostic the linter reports, as `line N: message` (empty when clean). */
export function checkDockerfile(text: string): string[] {
  return validate(text, STRICT).map(
    (d) =>
      `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );
}

/** The JSON (exec) form of an instruction, e.g. `ENTRYPOINT ["node", …]`, or undefined. */
export function execForm(text: string, instruction: 'ENTRYPOINT' | 'CMD'): string[] | undefined {
  // The last one wins (docs.docker.com/reference/dockerfile/#cmd, #entrypoint); the linter
  // above refuses a Dockerfile with two.
  const line = text
    .split('\n')
    .filter((l) => l.startsWith(`${instruction} `))
    .at(-1);
  if (!line) return undefined;
  const form = JSON.parse(line.slice(instruction.length + 1)) as unknown;
  if (!Array.isArray(form) || !form.every((a) => typeof a === 'string'))
    throw new Error(`${instruction} is not in exec form: ${line}`);
  return form;
}
