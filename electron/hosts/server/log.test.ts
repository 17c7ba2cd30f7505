import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedWriter, jsonLinesLog, type LogFields, type LogLevel } from './log';

describe('JSON log lines', () => {
  it('are one JSON object each: time, level, msg, then the fields, undefined ones left out', () => {
    const lines: string[] = [];
    const log = jsonLinesLog((line) => lines.push(line));
    const cases: [LogLevel, string, LogFields | undefined][] = [
      ['info', 'request', { method: 'POST', status: 200, ms: 1.25, reranker: undefined }],
      ['warn', 'a "quoted" \\ message\nwith a newline', {}],
      ['error', 'listening', undefined],
      ['info', 'served', { pipelines: ['a', 'b'], workerPids: [1, 2] }],
    ];
    for (const [level, msg, fields] of cases) log(level, msg, fields);
    lines.forEach((line, i) => {
      const [level, msg, fields] = cases[i]!;
      expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(new Date(time as string).toISOString()).toBe(time);
      expect(Object.keys(rest)).toEqual([
        'level',
        'msg',
        ...Object.keys(JSON.parse(JSON.stringify(fields ?? {})) as object),
      ]);
      expect(rest).toEqual(JSON.parse(JSON.stringify({ level, msg, ...fields })));
    });
  });
});

describe('batched log writes', () => {
  it('writes the lines of one turn in one write, in order, and nothing when idle', async () => {
    const writes: string[] = [];
    const out = batchedWriter((text) => writes.push(text));
    const log = jsonLinesLog(out.write);
    log('info', 'request', { status: 200 });
    log('info', 'request', { status: 404 });
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split('\n');
    expect(
      lines.map((line) => (line ? (JSON.parse(line) as { status: number }).status : '')),
    ).toEqual([200, 404, '']);
    await nextTurn();
    expect(writes).toHaveLength(1);
    log('info', 'request', { status: 401 });
    await nextTurn();
    expect(writes).toHaveLength(2);
  });

  it('flush writes what is pending at once, and the scheduled turn then writes nothing more', async () => {
    const writes: string[] = [];
    const out = batchedWriter((text) => writes.push(text));
    out.write('a\n');
    out.write('b\n');
    out.flush();
    expect(writes).toEqual(['a\nb\n']);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
  });
});
