/**
 * The tests' one way to wait for something done asynchronously (visibility, a background saga, a process coming
 * up): poll `check` until it returns a value.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long (default 45 s: long enough for a process under load). */
  timeoutMs?: number;
  /** Between two checks (default 100 ms). */
  intervalMs?: number;
  /** Added to the failure message (e.g. a process's recent output). */
  context?: () => string;
}

/**
 * Polls until `check` returns a value other than `undefined` or `false`, and returns it. A throw counts as
 * "not yet" too, so a check may assert with `expect` (then return something, e.g. the value it read, or `true`).
 * A check that returns nothing is never done: it times out. On timeout the failure names `what`, the last error
 * (also the failure's `cause`) and `options.context()`.
 */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<Exclude<T, undefined | false>> {
  const timeoutMs = options.timeoutMs ?? 45_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) break;
    await sleep(options.intervalMs ?? 100);
  }
  const lastError =
    last === undefined ? '' : `; last error: ${last instanceof Error ? last.message : String(last)}`;
  const context = options.context ? `\n${options.context()}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError}${context}`, {
    cause: last,
  });
}
