import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { appendFile, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A durable, idempotent record of calls to one edge, under DATA_DIR. The first call with an idempotency key
 * publishes `<dir>/<key hash>.json` whole and exclusively (written aside, then hard-linked into place, which
 * fails if another process got there first); a repeat returns the stored outcome
 * and is logged as a duplicate in `calls.jsonl`, so a retried activity never acts twice and the retry is visible.
 */
export class CallJournal<R> {
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  async once(
    key: string,
    call: object,
    act: () => Promise<R> | R,
  ): Promise<{ result: R; duplicate: boolean }> {
    // A failed creation (the volume away for a moment) is not kept: the next call tries again.
    await (this.ready ??= mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    ));
    const file = path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
    const existing = await this.read(file);
    if (existing) {
      await this.log({ ...call, key, duplicate: true });
      return { result: existing.result, duplicate: true };
    }
    const result = await act();
    const aside = `${file}.${randomUUID()}.tmp`;
    await writeFile(aside, JSON.stringify({ key, call, result, at: new Date().toISOString() }));
    try {
      await link(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another call recorded the same key first: theirs is the outcome.
      const winner = await this.read(file);
      await this.log({ ...call, key, duplicate: true });
      return { result: winner!.result, duplicate: true };
    } finally {
      await unlink(aside);
    }
    await this.log({ ...call, key, duplicate: false });
    return { result, duplicate: false };
  }

  async has(key: string): Promise<boolean> {
    return (await this.outcome(key)) !== undefined;
  }

  /** The recorded outcome of the first call with this key, if there was one. */
  async outcome(key: string): Promise<R | undefined> {
    const file = path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
    return (await this.read(file))?.result;
  }

  /** Every recorded call: one per idempotency key, with the outcome the edge answered (for tests and operators). */
  async records(): Promise<{ key: string; call: Record<string, unknown>; result: R; at: string }[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const files = names.filter((n) => /^[0-9a-f]{40}\.json$/.test(n));
    return Promise.all(files.map(async (n) => JSON.parse(await readFile(path.join(this.dir, n), 'utf8'))));
  }

  /** Every call in order, duplicates included (for tests and operators). */
  async calls(): Promise<(Record<string, unknown> & { key: string; duplicate: boolean })[]> {
    try {
      const text = await readFile(path.join(this.dir, 'calls.jsonl'), 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private async read(file: string): Promise<{ result: R } | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as { result: R };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private log(entry: Record<string, unknown>): Promise<void> {
    return appendFile(
      path.join(this.dir, 'calls.jsonl'),
      `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`,
    );
  }
}
