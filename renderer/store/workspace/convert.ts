/** Between the store's editor and columns and a workspace file's plain data. */
import { BM25_CONFIG, INPUT_ORDER_CONFIG } from '../../../shared/pipeline/config';
import {
  WORKSPACE_KIND,
  WORKSPACE_VERSION,
  type Workspace,
} from '../../../shared/workspace/workspace';
import type { Column } from '../columns/slice';
import type { EditorDocument } from '../editor/slice';
import { nextId } from '../ids';
import type { AppState } from '../types';

type WorkspaceFields = Pick<AppState, 'query' | 'instruction' | 'topN' | 'documents' | 'columns'>;

/** The workspace file's data for what the editor and columns hold now. */
export function workspaceOf(state: WorkspaceFields): Workspace {
  const positions = new Map(state.columns.map((column, i) => [column.id, i]));
  return {
    kind: WORKSPACE_KIND,
    version: WORKSPACE_VERSION,
    query: state.query,
    instruction: state.instruction,
    topN: state.topN,
    documents: state.documents.map(({ text, id, metadata }) => ({
      text,
      ...(id === undefined ? {} : { id }),
      ...(metadata === undefined ? {} : { metadata }),
    })),
    columns: state.columns.map(({ config, linked }) => ({
      config,
      ...(linked
        ? { linked: linked.map((id) => (id === undefined ? null : (positions.get(id) ?? null))) }
        : {}),
    })),
  };
}

/** The store fields a workspace sets; results of the previous work are cleared. */
export function stateOf(workspace: Workspace): Partial<AppState> {
  const ids = workspace.columns.map(() => nextId('c'));
  const columns: Column[] = workspace.columns.map(({ config, linked }, i) => ({
    id: ids[i]!,
    config,
    revision: 0,
    ...(linked ? { linked: linked.map((at) => (at === null ? undefined : ids[at])) } : {}),
  }));
  const documents: EditorDocument[] = workspace.documents.map((document) => ({
    key: nextId('d'),
    ...document,
  }));
  return {
    query: workspace.query,
    instruction: workspace.instruction,
    topN: workspace.topN,
    documents,
    columns,
    columnRuns: {},
    snapshot: undefined,
    requestError: undefined,
    runWarnings: [],
    runLatencyMs: undefined,
    lastRunStatus: undefined,
  };
}

/** What New starts from: nothing typed, the two free baseline columns. */
export const BLANK_WORKSPACE: Workspace = {
  kind: WORKSPACE_KIND,
  version: WORKSPACE_VERSION,
  query: '',
  instruction: '',
  topN: '',
  documents: [],
  columns: [{ config: INPUT_ORDER_CONFIG }, { config: BM25_CONFIG }],
};
