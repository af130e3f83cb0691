/**
 * Runs the calls given the same key one after another, in the order they came, each once the one before it has
 * settled (whatever its outcome). Keyed openings go through it: a platform's retry that arrives while its first
 * request still waits on the directory or the webhook would otherwise see no case yet, and tell the owner again.
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, call: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(call);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a call running or waiting (for tests: nothing is kept once they settle). */
  get size(): number {
    return this.tails.size;
  }
}
