import ms from 'ms';
import { z } from 'zod';

/** A config duration such as "3m", "48h", "7d" or "1500ms", parsed to positive integer milliseconds. */
export const durationSchema = z.string().transform((text, ctx) => {
  const parsed = /^\d+(\.\d+)?\s*(ms|s|m|h|d|w)$/.test(text.trim())
    ? ms(text.trim() as ms.StringValue)
    : undefined;
  if (parsed === undefined || !Number.isFinite(parsed) || parsed <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration like "3m", "48h", "7d" or "1500ms"`,
    });
    return z.NEVER;
  }
  return Math.round(parsed);
});
