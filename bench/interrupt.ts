/**
 * A bench run interrupted (Ctrl-C, or a SIGTERM from a CI's timeout) stops the stacks it started and removes its
 * temp data before it exits, as the end of a run does: a terminal's Ctrl-C reaches the children too, a kill of
 * the bench alone does not, and a stopped run must not leave a dev server and gigabytes under /tmp behind.
 */
const undoers = new Set<() => unknown>();
let installed = false;
let signalled = false;

/** Whether the run was interrupted: its own end, a failure included, then leaves the exit to the undoing. */
export const interrupted = () => signalled;

/** Runs `undo` if the run is interrupted (the latest registered first); the returned function forgets it. */
export function undoOnInterrupt(undo: () => unknown): () => void {
  install();
  undoers.add(undo);
  return () => void undoers.delete(undo);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      signalled = true;
      process.stderr.write(`[bench] ${signal}: stopping the stack and removing the run's data\n`);
      void (async () => {
        for (const undo of [...undoers].reverse())
          await Promise.resolve()
            .then(undo)
            .catch(() => undefined);
        process.exit(130);
      })();
    });
  }
}
