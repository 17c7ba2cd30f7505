/** Runs columns through the contract, as a host would, for the strategy tests' harnesses. */
import type { RerankRunAnswer } from '../shared/contract';
import { dispatch } from '../shared/contract/dispatch';
import type { PipelineConfig } from '../shared/pipeline/config';
import type { Services } from '../electron/composition/compose';

let runCounter = 0;

export interface ContractRun {
  query: string;
  documents: readonly unknown[];
  configs: readonly PipelineConfig[];
  /** Any other `rerank:run` fields, overriding the above. The cache is bypassed by default. */
  fields?: Record<string, unknown>;
}

export async function runThroughContract(
  services: Services,
  { query, documents, configs, fields = {} }: ContractRun,
): Promise<RerankRunAnswer> {
  const result = await dispatch(services.handlers, 'rerank:run', {
    runId: `test-run-${++runCounter}`,
    query,
    documents,
    columns: configs.map((config, i) => ({ id: `c${i}`, config })),
    bypassCache: true,
    ...fields,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as RerankRunAnswer;
}
