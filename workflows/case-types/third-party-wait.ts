import type { EngineContext } from '../case-context';
import type { ThirdParty } from '../domain';
import { humanDuration, iso, ms } from '../time';
import type { Deadline } from './case-type';

/** A type's wait on one third party within a response window, as kept in `typeState`. */
export interface ThirdPartyWait {
  party: ThirdParty;
  state: 'awaiting' | 'answered' | 'expired';
  since: string;
  windowEndsAt: string;
}

/** Starts the wait: the case waits on the third party (the resolution clock keeps running). */
export function startWait(
  engine: EngineContext,
  party: ThirdParty,
  windowMs: number,
  why: string,
): ThirdPartyWait {
  const now = engine.now();
  const wait: ThirdPartyWait = {
    party,
    state: 'awaiting',
    since: iso(now),
    windowEndsAt: iso(now + windowMs),
  };
  engine.view.status = 'waiting_on_third_party';
  engine.record('waiting', 'system', `${why}; waiting on the ${party} up to ${humanDuration(windowMs)}`);
  return wait;
}

export const awaiting = (wait: ThirdPartyWait | undefined, party: ThirdParty): wait is ThirdPartyWait =>
  wait?.party === party && wait.state === 'awaiting';

/** The third party answered: the wait is over (the case no longer waits on it). */
export function answerWait(engine: EngineContext, wait: ThirdPartyWait): void {
  wait.state = 'answered';
  engine.thirdPartyWaitOver();
}

/**
 * The window's timer, while the wait is open. When it fires the wait has expired and is over, then `onSilence`
 * (given the window's length as text, e.g. "48h") decides what silence means.
 */
export function windowDeadline(
  engine: EngineContext,
  wait: ThirdPartyWait | undefined,
  windowMs: number,
  onSilence: (window: string) => void,
): Deadline[] {
  if (!wait || wait.state !== 'awaiting') return [];
  return [
    {
      key: `${wait.party}-window`,
      dueAt: ms(wait.windowEndsAt),
      summary: `${wait.party} response window ${humanDuration(windowMs)}`,
      fire: () => {
        wait.state = 'expired';
        engine.thirdPartyWaitOver();
        onSilence(humanDuration(windowMs));
      },
    },
  ];
}
