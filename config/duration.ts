import ms from 'ms';
import { z } from 'zod';

/** Ten years: no SLA, window or timeout of this service is longer, and beyond it instants stop being dates. */
const LONGEST_MS = 3_650 * 24 * 3_600_000;

/**
 * A config duration such as "3m", "48h", "7d" or "1500ms", parsed to whole milliseconds from 1 ms to ten years
 * ("0.4ms" rounds to none at all: refused, as 0 would breach every SLA at once).
 */
export const durationSchema = z.string().transform((text, ctx) => {
  const parsed = /^\d+(\.\d+)?\s*(ms|s|m|h|d|w)$/.test(text.trim())
    ? Math.round(ms(text.trim() as ms.StringValue))
    : undefined;
  if (parsed === undefined || !Number.isFinite(parsed) || parsed < 1 || parsed > LONGEST_MS) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration from "1ms" to "3650d" like "3m", "48h", "7d" or "1500ms"`,
    });
    return z.NEVER;
  }
  return parsed;
});
