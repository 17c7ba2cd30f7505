/**
 * Real exports, and copies of them broken on purpose, for the checkers' tests: each rule gets a
 * file that breaks it, made from a real export.
 */
import { parse, parseAllDocuments, stringify } from 'yaml';
import { EXPORT_CASES, SAMPLE, type ExportCase } from '../../shared/export/fixtures';
import { exportPipeline, type ExportTarget } from '../../shared/export';

/* eslint-disable @typescript-eslint/no-explicit-any --
   the tests reach into parsed YAML to break it on purpose; its shape is whatever they make it. */
export type Json = Record<string, any>;

export function exported(name: ExportCase, target: ExportTarget): string {
  const result = exportPipeline(EXPORT_CASES[name], target, { sample: SAMPLE });
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

/** The YAML export, changed by `edit` (which gets the parsed file), written back. */
export function edited(text: string, edit: (doc: Json) => void): string {
  const doc = parse(text) as Json;
  edit(doc);
  return stringify(doc);
}

/** A multi-document manifest with `edit` applied to the documents of `kind`. */
export function editedManifest(text: string, kind: string, edit: (doc: Json) => void): string {
  return parseAllDocuments(text)
    .map((d) => {
      const doc = d.toJS() as Json;
      if (doc.kind === kind) edit(doc);
      return stringify(doc);
    })
    .join('---\n');
}
