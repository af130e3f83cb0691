/**
 * The rules of the request model (request-model.ts), restated from API.md, not taken from the API's schemas:
 * whether a JSON value is valid for a field, and what the API stores for a valid one.
 */
import type { Field } from './request-model';

/** Ids: letters, digits and . _ : -, starting with a letter or digit, at most 128 (no spaces or quotes). */
export const isId = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(v);
const isCode = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v);
export const codePoints = (s: string) => [...s].length;
export const isText = (v: unknown, max: number) =>
  typeof v === 'string' && v.trim() !== '' && codePoints(v) <= max;
const isCalendarDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};
const isInstant = (v: string) => {
  const m =
    /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.exec(v);
  // API.md: times are UTC; an instant whose UTC year is not four digits (before 1900 or after 9999) is refused
  const at = Date.parse(v);
  return m !== null && isCalendarDate(m[1]!) && at >= Date.UTC(1900, 0, 1) && at < Date.UTC(10000, 0, 1);
};
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a JSON value is valid for the field, by the rules above (not by the API's schemas). */
export function isValid(f: Field, v: unknown): boolean {
  switch (f.kind) {
    case 'id':
      return isId(v);
    case 'code':
      return isCode(v);
    case 'text':
      return isText(v, f.max);
    case 'enum':
      return typeof v === 'string' && f.values.includes(v);
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= f.min && v <= f.max;
    case 'money':
      return (
        isObject(v) &&
        Object.keys(v).sort().join() === 'amount,currency' &&
        v.currency === 'CNY' &&
        typeof v.amount === 'number' &&
        Number.isInteger(v.amount) &&
        v.amount >= (f.positive ? 1 : 0) &&
        v.amount <= 1e12
      );
    case 'date':
      return typeof v === 'string' && isCalendarDate(v);
    case 'instant':
      return typeof v === 'string' && isInstant(v);
    case 'dateOrInstant':
      return typeof v === 'string' && (isCalendarDate(v) || isInstant(v));
    case 'array':
      return Array.isArray(v) && v.length >= f.min && v.length <= f.max && v.every((x) => isValid(f.of, x));
    case 'object':
      return (
        isObject(v) &&
        Object.keys(v).every((k) => Object.prototype.hasOwnProperty.call(f.fields, k)) &&
        Object.entries(f.fields).every(([k, sub]) =>
          k in v ? isValid(sub, v[k]) : (f.optional ?? []).includes(k),
        )
      );
  }
}

/** What the API stores for a valid value: free text trimmed, instants and dates as UTC instants (API.md: times are UTC). */
export function normalized(f: Field, v: unknown): unknown {
  switch (f.kind) {
    case 'text':
      return (v as string).trim();
    case 'instant':
      return new Date(v as string).toISOString();
    case 'dateOrInstant':
      // a date is the start of that day in the test policy's dateTimeZone: Asia/Shanghai, UTC+8 all year
      return new Date(
        isCalendarDate(v as string) ? `${v as string}T00:00:00+08:00` : (v as string),
      ).toISOString();
    case 'array':
      return (v as unknown[]).map((x) => normalized(f.of, x));
    case 'object':
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, normalized(f.fields[k]!, x)]),
      );
    default:
      return v;
  }
}
