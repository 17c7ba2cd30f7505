/**
 * Operation and event names, with no dependencies, so the preload bundle can expose one named
 * function per operation without pulling in the schemas. `operations.ts` is checked against
 * these lists at compile time: a name without a schema (or the reverse) breaks the build.
 */
export const OPERATION_NAMES = [
  'app:info',
  'rerank:run',
  'rerank:cancel',
  'secrets:status',
  'secrets:set',
  'secrets:clear',
  'secrets:test',
  'models:list',
  'models:import',
  'models:download',
  'models:cancel-download',
  'models:delete',
  'models:estimate',
  'history:list',
  'history:get',
  'history:delete',
  'history:export',
  'history:import',
  'history:stats',
  'pipelines:list',
  'pipelines:get',
  'pipelines:save',
  'pipelines:delete',
  'pipelines:export',
  'eval:import',
  'eval:estimate',
  'eval:run',
  'eval:cancel',
  'eval:list',
  'eval:get',
  'eval:delete',
  'workspace:state',
  'workspace:open',
  'workspace:save',
  'workspace:autosave',
  'workspace:restore',
  'workspace:read-file',
  'files:choose',
  'settings:get',
  'settings:set',
  'app:diagnostics',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export const EVENT_NAMES = [
  'run:progress',
  'model:download',
  'app:command',
  'eval:progress',
  'app:open-paths',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
