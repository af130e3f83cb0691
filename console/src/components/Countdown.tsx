import { countdown, formatTime } from '../format';
import { useNow } from '../hooks';

/** A live countdown to `due` ("in 2 m 05 s", "1 m 10 s overdue"); the exact time in its tooltip. */
export function Countdown({ due, none = 'nothing due' }: { due: string | null; none?: string }) {
  const now = useNow();
  if (due === null) return <span class="muted">{none}</span>;
  const c = countdown(due, now);
  return (
    <time dateTime={due} title={formatTime(due)} class={c.overdue ? 'countdown overdue' : 'countdown'}>
      {c.text}
    </time>
  );
}

export function Time({ at }: { at: string }) {
  return <time dateTime={at}>{formatTime(at)}</time>;
}
