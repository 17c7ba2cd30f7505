/** The run history: open the file with `openHistoryDatabase`, then `createHistoryStore`. */
export {
  openHistoryDatabase,
  HistoryError,
  MIGRATIONS,
  SCHEMA_VERSION,
  type HistoryDb,
  type OpenedHistory,
  type OpenHistoryOptions,
} from './db';
export { createHistoryStore, type HistoryStore, type HistoryStoreOptions } from './store';
export { configKey } from './config-key';
