import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, type PipelineConfig } from '../../../shared/pipeline/config';
import {
  withLongDocumentsAggregate,
  withLongDocumentsMode,
  withLongDocumentsNumber,
} from './long-documents';

const cohere: PipelineConfig = {
  version: 1,
  name: 'c',
  strategy: 'dedicated-model',
  provider: 'cohere',
};

describe('longDocuments edits', () => {
  it('sets the mode, keeps window and overlap across modes, and off removes it', () => {
    const chunk = withLongDocumentsMode(cohere, 'chunk');
    expect(chunk.longDocuments).toEqual({ mode: 'chunk' });
    const sized = withLongDocumentsNumber(chunk, 'window', '300');
    if (!sized.ok) throw new Error(sized.error.message);
    const truncate = withLongDocumentsMode(sized.value, 'truncate');
    expect(truncate.longDocuments).toEqual({ mode: 'truncate', window: 300 });
    expect(withLongDocumentsMode(truncate, 'off')).toEqual(cohere);
  });

  it('blank goes back to the default; a fraction or text is refused with the reason', () => {
    const chunk = withLongDocumentsMode(cohere, 'chunk');
    const set = withLongDocumentsNumber(chunk, 'overlap', '32');
    if (!set.ok) throw new Error(set.error.message);
    expect(withLongDocumentsNumber(set.value, 'overlap', ' ')).toEqual({ ok: true, value: chunk });
    expect(withLongDocumentsNumber(chunk, 'window', '12.5')).toMatchObject({
      ok: false,
      error: { message: 'window must be a whole number of tokens' },
    });
    expect(withLongDocumentsNumber(cohere, 'window', '64').ok).toBe(false);
  });

  it('gives configs the app accepts, and ones it refuses where the values clash', () => {
    const chunk = withLongDocumentsMode(cohere, 'chunk');
    const mean = withLongDocumentsAggregate(chunk, 'mean-top-2');
    if (!mean.ok) throw new Error(mean.error.message);
    expect(parsePipelineConfig(mean.value).ok).toBe(true);
    const window = withLongDocumentsNumber(mean.value, 'window', '64');
    const overlap = window.ok ? withLongDocumentsNumber(window.value, 'overlap', '64') : window;
    if (!overlap.ok) throw new Error(overlap.error.message);
    const refused = parsePipelineConfig(overlap.value);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/overlap must be smaller than window/);
  });
});
