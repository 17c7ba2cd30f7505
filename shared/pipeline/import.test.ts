import { describe, expect, it } from 'vitest';
import { parsePipelineConfig } from './config';
import { formatConfigIssues, importPipelineConfig } from './import';
import { importPipelineConfigText } from './import-text';

describe('importing a pipeline config', () => {
  it('generates the key from the name when it is absent, and keeps a given one', () => {
    expect(
      importPipelineConfig({ version: 1, name: 'My BM25 v2!', strategy: 'heuristic' }),
    ).toEqual({
      ok: true,
      value: { version: 1, name: 'My BM25 v2!', key: 'my-bm25-v2', strategy: 'heuristic' },
    });
    const kept = importPipelineConfig({
      version: 1,
      name: 'x',
      key: 'mine',
      strategy: 'heuristic',
    });
    expect(kept.ok && kept.value.key).toBe('mine');
  });

  it('lists every problem with its path, nested ones included', () => {
    const raw = {
      version: 1,
      name: '',
      strategy: 'fusion',
      topN: 0,
      colour: 'red',
      fallbacks: [
        { version: 1, name: 'f', strategy: 'heuristic', params: { method: 'bm25', k1: 99 } },
      ],
      params: {
        members: [
          { version: 1, name: '', strategy: 'heuristic' },
          { version: 1, name: 'b', strategy: 'nope' },
        ],
      },
    };
    const result = importPipelineConfig(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      'name',
      'topN',
      'fallbacks[0].params.k1',
      '',
      'params.members[0].name',
      'params.members[1].strategy',
    ]);
    expect(formatConfigIssues(result.errors)).toBe(
      [
        'name: name is required',
        'topN: topN must be at least 1',
        'fallbacks[0].params.k1: Too big: expected number to be <=10',
        'Unrecognized key: "colour"',
        'params.members[0].name: name is required',
        'params.members[1].strategy: Invalid option: expected one of "dedicated-model"|"llm-judge"|"llm-listwise"|"heuristic"|"fusion"',
      ].join('\n'),
    );
    // The single-error parser still says what it said before: the first problem.
    const first = parsePipelineConfig(raw);
    expect(!first.ok && first.error.message).toBe('name: name is required');
  });

  it('refuses a future version and a pasted key with the reason', () => {
    expect(importPipelineConfig({ version: 3, name: 'x', strategy: 'heuristic' })).toEqual({
      ok: false,
      errors: [
        {
          path: 'version',
          message:
            'pipeline config version 3 is newer than this app understands (1); update Rerank Studio to use it',
        },
      ],
    });
    const key = importPipelineConfig({ version: 1, name: 'x', strategy: 'heuristic', apiKey: 'k' });
    expect(!key.ok && key.errors[0]!.message).toMatch(/never hold keys: remove "apiKey"/);
  });

  it('reads JSON and YAML text, and names the line and column of a syntax error', () => {
    expect(importPipelineConfigText('{"version":1,"name":"bm25","strategy":"heuristic"}').ok).toBe(
      true,
    );
    const yaml = importPipelineConfigText(
      'version: 1\nname: cohere\nstrategy: dedicated-model\nprovider: cohere\n',
    );
    expect(yaml.ok && yaml.value).toEqual({
      version: 1,
      name: 'cohere',
      key: 'cohere',
      strategy: 'dedicated-model',
      provider: 'cohere',
    });
    const broken = importPipelineConfigText('{"version": 1,\n  "name": "x" "y"}', 'bm25.json');
    expect(!broken.ok && broken.errors[0]!.message).toMatch(
      /^bm25\.json: not valid JSON: .+ at line 2, column \d+$/,
    );
    const yamlBroken = importPipelineConfigText('version: 1\nname: [unclosed\n', 'bm25.yaml');
    expect(!yamlBroken.ok && yamlBroken.errors[0]!.message).toMatch(
      /^bm25\.yaml line \d+, column \d+: not valid JSON or YAML/,
    );
    expect(importPipelineConfigText('[1, 2]')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'a pipeline config must be an object' }],
    });
  });
});
