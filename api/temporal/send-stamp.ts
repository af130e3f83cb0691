/**
 * Every case action the API sends carries a stamp, sealed with its arguments: the update it is sent as and the
 * API's time of sending. The case refuses a sealed message stamped for another update (a note's arguments copied
 * from a history and sent as `cancel`) or older than the messages it remembers (workflows/sealed-input.ts).
 */
import type { SendStamp } from '../../workflows/messages';

export const stamped = <A extends object>(
  updateName: string,
  args: A,
  now = Date.now(),
): A & { sent: SendStamp } => ({
  ...args,
  sent: { as: updateName, at: now },
});
