/**
 * The dev server binds more ports than the two we choose: the CLI picks its HTTP API and metrics ports (and
 * internal ones) as "a random free port" and binds them a moment later, so another process can take one in
 * between. Such a start-up failure is worth another attempt, where the CLI picks again; a clash on a port the
 * operator chose (the frontend's or the Web UI's) is not, and is reported at once.
 */

/** The CLI's own wording when a port given on its command line is taken: `can't set frontend port 7233: …`. */
const CHOSEN_PORT_TAKEN = /can't set (?:frontend|UI) port/;
const ADDRESS_IN_USE = /bind: address already in use/;

/** Whether the start-up failed because a port, any of them, was taken. */
export const isAddressInUse = (output: string): boolean => ADDRESS_IN_USE.test(output);

export function isClashOnAPortTheCliPicked(output: string, chosenPorts: readonly number[]): boolean {
  if (!ADDRESS_IN_USE.test(output) || CHOSEN_PORT_TAKEN.test(output)) return false;
  const taken = [...output.matchAll(/listen tcp [^\s]*:(\d+): bind: address already in use/g)].map((m) =>
    Number(m[1]),
  );
  return !taken.some((port) => chosenPorts.includes(port));
}

/** How many times start-up is attempted when the clash is on a port the CLI picked. */
export const DEV_SERVER_START_ATTEMPTS = 3;
