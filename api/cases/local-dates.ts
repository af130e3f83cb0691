/**
 * Dates without a time of day in an opening's details (a departure on "2030-03-10"), validated as `LocalDate`s
 * (api/schemas/common.ts), become the first instant of that day in the policy's `dateTimeZone`: the case holds
 * instants only, so every deadline counted from a date starts at that day's local midnight, not UTC's.
 */
import { startOfLocalDay } from '../../config/calendars';
import { LocalDate } from '../schemas/common';

export function resolveLocalDates(value: unknown, timeZone: string): unknown {
  if (value instanceof LocalDate) return new Date(startOfLocalDay(timeZone, value.date)).toISOString();
  if (Array.isArray(value)) return value.map((v) => resolveLocalDates(v, timeZone));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveLocalDates(v, timeZone)]));
  }
  return value;
}
