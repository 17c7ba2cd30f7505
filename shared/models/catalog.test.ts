/** The catalog against the contract and against what each repository publishes. */
import { describe, expect, it } from 'vitest';
import { CatalogEntry } from '../contract/models';
import { catalogModel, MODEL_CATALOG } from './catalog';

describe('MODEL_CATALOG', () => {
  it('passes the contract, every entry naming the variants its repository publishes', () => {
    for (const entry of MODEL_CATALOG) {
      expect(CatalogEntry.parse(entry)).toEqual(entry);
    }
    const withoutVariants = { ...MODEL_CATALOG[0]!, dtypes: [] };
    expect(CatalogEntry.safeParse(withoutVariants).success).toBe(false);
  });

  it('offers Qwen3-Reranker as q8 only: the onnx-community repository has no fp32 file', () => {
    // docs/model-files.md: the card lists onnx/model_quantized.onnx and onnx/model_q4.onnx only.
    const qwen3 = catalogModel('onnx-community/Qwen3-Reranker-0.6B-ONNX');
    expect(qwen3?.dtypes).toEqual(['q8']);
    expect(qwen3?.note).toMatch(/q8 only/);
  });
});
