/** The editor: query, instruction, top N and the candidate documents. */
import type { StateCreator } from 'zustand';
import type { DocumentInput } from '../../../shared/rerank/documents';
import { MAX_DOCUMENTS } from '../../../shared/rerank/limits';
import {
  documentInputText,
  parseDocumentsText,
  type DocumentsFormat,
} from '../../../shared/rerank/parse-documents';
import { fail, ok, type Result } from '../../../shared/util/result';
import { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from '../../sample';
import { nextId } from '../ids';
import type { AppState } from '../types';

export interface EditorDocument {
  key: string;
  text: string;
  id?: string | number;
  metadata?: Record<string, unknown>;
}

export interface EditorSlice {
  query: string;
  instruction: string;
  /** Empty string means "all". Kept as typed so a half-typed number is not lost. */
  topN: string;
  documents: EditorDocument[];
  setQuery: (query: string) => void;
  setInstruction: (instruction: string) => void;
  setTopN: (topN: string) => void;
  addDocument: (text?: string) => string;
  updateDocument: (key: string, text: string) => void;
  removeDocument: (key: string) => void;
  moveDocument: (key: string, delta: -1 | 1) => void;
  clearDocuments: () => void;
  /**
   * Parses pasted or loaded text; on error (or more documents than a run takes) nothing
   * changes and the message says what is wrong.
   */
  importDocuments: (
    text: string,
    options: { mode: 'append' | 'replace'; format?: DocumentsFormat; fileName?: string },
  ) => Result<number>;
  importDocumentsFile: (file: File, mode: 'append' | 'replace') => Promise<Result<number>>;
}

export function toEditorDocument(input: DocumentInput, index: number): Result<EditorDocument> {
  const text = documentInputText(input);
  if (!text.ok) return fail('invalid_request', `item ${index}: ${text.error.message}`);
  const document: EditorDocument = { key: nextId('d'), text: text.value };
  if (typeof input !== 'string') {
    if (input.id !== undefined) document.id = input.id;
    if (input.metadata !== undefined) document.metadata = input.metadata;
  }
  return ok(document);
}

export const createEditorSlice: StateCreator<AppState, [], [], EditorSlice> = (set, get) => ({
  query: SAMPLE_QUERY,
  instruction: '',
  topN: '',
  documents: SAMPLE_DOCUMENTS.map((text) => ({ key: nextId('d'), text })),

  setQuery: (query) => set({ query }),
  setInstruction: (instruction) => set({ instruction }),
  setTopN: (topN) => set({ topN }),
  addDocument(text = '') {
    const key = nextId('d');
    set((state) => ({ documents: [...state.documents, { key, text }] }));
    return key;
  },
  updateDocument: (key, text) =>
    set((state) => ({
      documents: state.documents.map((d) => (d.key === key ? { ...d, text } : d)),
    })),
  removeDocument: (key) =>
    set((state) => ({ documents: state.documents.filter((d) => d.key !== key) })),
  moveDocument(key, delta) {
    const documents = [...get().documents];
    const from = documents.findIndex((d) => d.key === key);
    const to = from + delta;
    if (from === -1 || to < 0 || to >= documents.length) return;
    [documents[from], documents[to]] = [documents[to]!, documents[from]!];
    set({ documents });
  },
  clearDocuments: () => set({ documents: [] }),

  importDocuments(text, { mode, format, fileName }) {
    const parsed = parseDocumentsText(text, { format, fileName });
    if (!parsed.ok) return parsed;
    const imported: EditorDocument[] = [];
    for (const [index, input] of parsed.value.entries()) {
      const document = toEditorDocument(input, index);
      if (!document.ok) return document;
      imported.push(document.value);
    }
    if (imported.length === 0) {
      return fail(
        'invalid_request',
        `no documents found in the ${fileName ? 'file' : 'pasted text'}`,
      );
    }
    const documents = mode === 'replace' ? imported : [...get().documents, ...imported];
    // More than a run takes can be neither run nor saved in a workspace: refuse it here,
    // where nothing has changed yet, rather than at Run or at the next save.
    if (documents.length > MAX_DOCUMENTS) {
      const count = (n: number) => n.toLocaleString('en-US');
      return fail(
        'invalid_request',
        `too many documents: the editor would hold ${count(documents.length)} (limit ${count(MAX_DOCUMENTS)})`,
      );
    }
    set({ documents });
    return ok(imported.length);
  },

  async importDocumentsFile(file, mode) {
    if (!/\.(txt|json|jsonl|ndjson|csv)$/i.test(file.name)) {
      return fail('invalid_request', `${file.name}: load a .txt, .json, .jsonl or .csv file`);
    }
    const result = get().importDocuments(await file.text(), { mode, fileName: file.name });
    return result.ok ? result : fail(result.error.code, `${file.name}: ${result.error.message}`);
  },
});
