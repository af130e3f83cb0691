import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { appendFile, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A durable, idempotent record of calls to one edge, under DATA_DIR. The first call with an idempotency key
 * publishes `<dir>/<key hash>.json` whole and exclusively (written aside, then hard-linked into place, which
 * fails if another process got there first); a repeat returns the stored outcome
 * and is logged as a duplicate in `calls.jsonl`, so a retried activity never acts twice and the retry is visible.
 * A lookup that finds no call under a key publishes a closed entry in its place the same way, so that a call on
 * its way then is refused, not acted on after the lookup said it never was.
 */
/** A recorded call, or a key a lookup closed with none recorded. */
interface Recorded<R> {
  key: string;
  call: Record<string, unknown>;
  result: R;
  at: string;
}
type Entry<R> = Recorded<R> | { key: string; closed: true; at: string };
const isClosed = <R>(e: Entry<R>): e is Extract<Entry<R>, { closed: true }> => 'closed' in e;

/** A call under a key that a lookup closed (`CallJournal.close`): the edge never acts on it. */
export class KeyClosedError extends Error {
  constructor(readonly key: string) {
    super('the call came after a lookup found none under its key and closed it: not acted on');
  }
}

/** A recorded call's outcome; undefined for none, or a closed key. */
const resultOf = <R>(entry: Entry<R> | undefined): R | undefined =>
  entry && !isClosed(entry) ? entry.result : undefined;

function recorded<R>(entry: Entry<R>, key: string): R {
  if (isClosed(entry)) throw new KeyClosedError(key);
  return entry.result;
}

export class CallJournal<R> {
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  async once(
    key: string,
    call: object,
    act: () => Promise<R> | R,
  ): Promise<{ result: R; duplicate: boolean }> {
    const file = await this.fileOf(key);
    const existing = await this.read(file);
    if (existing) {
      await this.log({
        ...call,
        key,
        duplicate: true,
        ...(isClosed(existing) ? { refused: 'key closed' } : {}),
      });
      return { result: recorded(existing, key), duplicate: true };
    }
    const result = await act();
    // Another call recorded the same key first: theirs is the outcome (or a lookup closed it: refused).
    const winner = await this.publish(file, { key, call, result });
    const refused = winner && isClosed(winner) ? { refused: 'key closed' } : {};
    await this.log({ ...call, key, duplicate: winner !== undefined, ...refused });
    return winner ? { result: recorded(winner, key), duplicate: true } : { result, duplicate: false };
  }

  /**
   * The outcome of the call under this key, or undefined when none was recorded: then the key is closed, and a
   * call under it arriving later is refused (`KeyClosedError`), never acted on. A lookup that found nothing may
   * so be taken for "never acted", whatever was still on its way.
   */
  async close(key: string): Promise<R | undefined> {
    const file = await this.fileOf(key);
    return resultOf((await this.read(file)) ?? (await this.publish(file, { key, closed: true })));
  }

  private async fileOf(key: string): Promise<string> {
    // A failed creation (the volume away for a moment) is not kept: the next call tries again.
    await (this.ready ??= mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    ));
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  /** Publishes the entry whole and exclusively; undefined when it is now the key's, else the entry that won. */
  private async publish(file: string, entry: Record<string, unknown>): Promise<Entry<R> | undefined> {
    const aside = `${file}.${randomUUID()}.tmp`;
    await writeFile(aside, JSON.stringify({ ...entry, at: new Date().toISOString() }));
    try {
      await link(aside, file);
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return (await this.read(file))!;
    } finally {
      await unlink(aside);
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.outcome(key)) !== undefined;
  }

  /** The recorded outcome of the first call with this key, if there was one. */
  async outcome(key: string): Promise<R | undefined> {
    return resultOf(await this.read(this.pathOf(key)));
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
    const entries = await Promise.all(
      files.map(async (n) => JSON.parse(await readFile(path.join(this.dir, n), 'utf8')) as Entry<R>),
    );
    return entries.filter((e): e is Recorded<R> => !isClosed(e));
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

  private async read(file: string): Promise<Entry<R> | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Entry<R>;
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
