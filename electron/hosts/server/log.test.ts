import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedWriter, jsonLinesLog } from './log';

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
