import type { BudgetSlice } from './budget/slice';
import type { ColumnsSlice } from './columns/slice';
import type { CompareSlice } from './compare/slice';
import type { EditorSlice } from './editor/slice';
import type { EstimateSlice } from './estimate/slice';
import type { EvaluationSlice } from './evaluation/slice';
import type { HistorySlice } from './history/slice';
import type { ExportSlice } from './export/slice';
import type { PipelinesSlice } from './pipelines/slice';
import type { KeysSlice } from './keys/slice';
import type { ModelsSlice } from './models/slice';
import type { RunSlice } from './run/slice';
import type { ScoreViewSlice } from './score-view/slice';
import type { WireSlice } from './wire/slice';
import type { AppSlice } from './app/slice';
import type { DropSlice } from './drop/slice';
import type { WorkspaceSlice } from './workspace/slice';

export type AppState = EditorSlice &
  ColumnsSlice &
  RunSlice &
  BudgetSlice &
  WireSlice &
  KeysSlice &
  ModelsSlice &
  EstimateSlice &
  ScoreViewSlice &
  HistorySlice &
  CompareSlice &
  PipelinesSlice &
  ExportSlice &
  EvaluationSlice &
  AppSlice &
  WorkspaceSlice &
  DropSlice;
