/**
 * Small JSON checks shared by the provider modules. Each provider still words its own errors:
 * these only answer "is it there, and of what type".
 */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Optional fields: JSON null counts as absent, as it does for pydantic and most JSON APIs. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The JSON type name of a value, for error messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isInteger(value)) return 'integer';
  return typeof value;
}

/** A document echoed Cohere-style: strings as `{text}`, objects as they were sent. */
export function asDocumentObject(doc: unknown): unknown {
  return typeof doc === 'string' ? { text: doc } : doc;
}

/** Top-level keys of `body` that are not in `allowed`, in the order they were sent. */
export function unknownFields(body: JsonObject, allowed: readonly string[]): string[] {
  return Object.keys(body).filter((key) => !allowed.includes(key));
}

/** One item of a FastAPI/pydantic v2 validation error (`422 {"detail": [...]}`). */
export interface PydanticIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** FastAPI's 422 body for request-validation failures. */
export function pydantic422(issues: PydanticIssue[]): { status: 422; body: unknown } {
  return { status: 422, body: { detail: issues } };
}

/** Pydantic v2 issues for the common cases, located in the request body. */
export const issue = {
  missing: (field: string, input: unknown): PydanticIssue => ({
    type: 'missing',
    loc: ['body', field],
    msg: 'Field required',
    input,
  }),
  extra: (field: string, input: unknown): PydanticIssue => ({
    type: 'extra_forbidden',
    loc: ['body', field],
    msg: 'Extra inputs are not permitted',
    input,
  }),
  type: (loc: (string | number)[], expected: string, input: unknown): PydanticIssue => ({
    type: `${expected}_type`,
    loc: ['body', ...loc],
    msg: `Input should be a valid ${expected}`,
    input,
  }),
  tooShort: (field: string, min: number, input: unknown[]): PydanticIssue => ({
    type: 'too_short',
    loc: ['body', field],
    msg: `List should have at least ${min} item after validation, not ${input.length}`,
    input,
  }),
  tooLong: (field: string, max: number, input: unknown[]): PydanticIssue => ({
    type: 'too_long',
    loc: ['body', field],
    msg: `List should have at most ${max} items after validation, not ${input.length}`,
    input,
  }),
};

/** Pydantic issues for a required `string[]` field with 1..cap items. */
export function checkStringList(body: JsonObject, field: string, cap: number): PydanticIssue[] {
  const value = body[field];
  if (!present(value)) return [issue.missing(field, body)];
  if (!Array.isArray(value)) return [issue.type([field], 'list', value)];
  const issues: PydanticIssue[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string') issues.push(issue.type([field, i], 'string', item));
  });
  if (value.length === 0) issues.push(issue.tooShort(field, 1, value));
  if (value.length > cap) issues.push(issue.tooLong(field, cap, value));
  return issues;
}

/**
 * Shared checks for FastAPI-style `{query: string, <docs>: string[]}` bodies; `allowed`, when
 * given, also refuses unknown fields. Returns the pydantic issues (empty when fine).
 */
export function checkQueryAndStrings(
  body: JsonObject,
  docsField: string,
  options: { allowed?: readonly string[]; cap: number },
): PydanticIssue[] {
  const issues: PydanticIssue[] = [];
  if (!present(body.query)) issues.push(issue.missing('query', body));
  else if (typeof body.query !== 'string') issues.push(issue.type(['query'], 'string', body.query));
  issues.push(...checkStringList(body, docsField, options.cap));
  for (const field of unknownFields(body, options.allowed ?? Object.keys(body))) {
    issues.push(issue.extra(field, body[field]));
  }
  return issues;
}
