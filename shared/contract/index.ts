export * from './names';
export * from './operations';
export * from './schemas';
export { formatIssue } from './issues';
export { KeySource, KeyStatus, KeyStorage } from './secrets';
export { CatalogEntry, CpuInt8, DownloadProgress, InstalledModel, ModelDtype } from './models';
export { SavedPipeline, PipelineStats } from './pipelines';
export { RecentFile, Autosave } from './workspaces';
export { Diagnostics, RecentProblem } from './app';
