import { Writable } from 'node:stream';
import pino, { type Level } from 'pino';

/** A pino logger whose JSON lines a test reads back, parsed, in `lines` (empty it between tests as needed). */
export function capturedLogs(level: Level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level }, sink) };
}
