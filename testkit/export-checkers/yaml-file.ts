/** What the YAML checkers share: the file parsed, or the parser's complaint as a problem. */
import { parse } from 'yaml';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parsed file, or `{ problem }` when it is not YAML. */
export function parseYamlFile(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: parse(text) as unknown };
  } catch (error) {
    return { problem: `YAML: ${(error as Error).message}` };
  }
}
