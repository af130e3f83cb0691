/** Money, times, countdowns and labels as people read them. Money stays integer fen until it is displayed. */
import type { Money } from './types';

const yuan = new Intl.NumberFormat('en', {
  style: 'currency',
  currency: 'CNY',
  currencyDisplay: 'narrowSymbol',
});

export function formatMoney(money: Money): string {
  const sign = money.amount < 0 ? '-' : '';
  const fen = Math.abs(money.amount);
  // Integer arithmetic for the two decimals: fen / 100 is exact only up to the yuan.
  return `${sign}${yuan.format(Math.floor(fen / 100)).replace(/\.00$/, '')}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * Yuan as typed, with a dot for decimals and commas only between groups of three ("4200", "4,200.5") -> integer
 * fen; undefined otherwise. A comma anywhere else is refused, never dropped: "99,50" typed on a keypad whose
 * decimal key is a comma would otherwise be 9,950 yuan.
 */
export function parseYuan(text: string): number | undefined {
  const m = /^\s*(\d{1,10}|\d{1,3}(?:,\d{3}){1,3})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const whole = m[1]!.replace(/,/g, '');
  if (whole.length > 10) return undefined;
  return Number(whole) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * An instant in the browser's time zone, which it names: "Dec 19, 2026, 8:00:00 AM PST" (a manager in Shanghai
 * and an engineer in Paris read the same instant, each knowing in which zone). `dateStyle` and `timeStyle` cannot
 * be combined with `timeZoneName`, hence the fields one by one.
 */
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function formatTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** A calendar date with no time of day ("2026-12-20"): a day, not an instant. */
export const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Read in UTC, where the date was placed: no zone moves the day. */
const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "2026-12-20" -> "Dec 20, 2026" in every time zone (never the day before west of UTC); anything else as it is. */
export function formatDate(date: string): string {
  const m = DATE_ONLY.exec(date);
  if (!m) return date;
  const day = new Date(0);
  day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Not a day of the calendar (2026-02-31 would roll over into March): shown as it came.
  return day.getUTCMonth() === Number(m[2]) - 1 ? calendarDate.format(day) : date;
}

/**
 * The calendar day an instant falls on in `timeZone`: a departure on "2026-12-20", which the API stores as the
 * first instant of that day in the policy's zone, reads "Dec 20, 2026" in Los Angeles too. Undefined for a zone
 * this browser does not know.
 */
export function formatDayIn(iso: string, timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone }).format(new Date(iso));
  } catch {
    return undefined;
  }
}

/** 2 d 3 h, 3 h 05 m, 4 m 09 s, 12 s: the two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${two(m)} m`;
  if (m > 0) return `${m} m ${two(sec)} s`;
  return `${sec} s`;
}

export interface Countdown {
  text: string;
  overdue: boolean;
}

export function countdown(dueIso: string, now: number): Countdown {
  const left = Date.parse(dueIso) - now;
  return left >= 0
    ? { text: `in ${formatDuration(left)}`, overdue: false }
    : { text: `${formatDuration(left)} overdue`, overdue: true };
}

export function age(sinceIso: string, now: number): string {
  return `${formatDuration(now - Date.parse(sinceIso))} ago`;
}

/** awaiting_callback -> "Awaiting callback"; apass_top -> "A-pass top". */
export function label(value: string): string {
  const special: Record<string, string> = {
    apass_top: 'A-pass top',
    apass: 'A-pass',
    super: 'Super',
    standard: 'Standard',
    visa_help: 'Visa help',
  };
  if (special[value]) return special[value];
  const words = value.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
