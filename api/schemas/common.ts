import { z } from 'zod';

/** Ids of people, members, orders, bookings...: no spaces or quotes, so they are safe inside visibility queries. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const id = z
  .string()
  .regex(ID_PATTERN, 'letters, digits and . _ : - (at most 128, starting with a letter or digit)');

/** Free text a person typed: trimmed, non-empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** Integer minor units (fen); the cap keeps sums far below Number.MAX_SAFE_INTEGER. */
const MAX_AMOUNT = 1_000_000_000_000;

export const money = z
  .strictObject({
    amount: z
      .number()
      .int()
      .min(0)
      .max(MAX_AMOUNT)
      .describe('integer minor units (fen): 4,200.00 CNY is 420000'),
    currency: z.literal('CNY'),
  })
  .meta({ id: 'Money' });

export const positiveMoney = z
  .strictObject({
    amount: z.number().int().min(1).max(MAX_AMOUNT).describe('integer minor units (fen), greater than 0'),
    currency: z.literal('CNY'),
  })
  .meta({ id: 'PositiveMoney' });

/** An instant with Z or an offset; stored as UTC. */
export const dateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/** A calendar date (kept as given) or an instant (stored as UTC). */
export const dateOrDateTime = z.union([z.iso.date(), dateTime]);

export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid_transition',
  'idempotency_conflict',
  'limit_exceeded',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBody = z
  .object({
    error: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  })
  .meta({
    id: 'Error',
    description:
      'Every error: a stable code, a human sentence, and sometimes details (e.g. validation issues).',
  });
export type ErrorBody = z.output<typeof errorBody>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'validation_failed: the request (body, query, path or header) is not valid; details lists the issues',
  401: 'unauthenticated: no bearer token, or one the roster does not know',
  403: 'forbidden: the principal may not do this',
  404: 'not_found',
  409: 'invalid_transition (the case state does not allow it) or idempotency_conflict',
  413: 'validation_failed: the body is larger than the limit',
  415: 'validation_failed: the body is not application/json',
  422: 'limit_exceeded',
  503: 'unavailable: Temporal cannot be reached',
};

/** The documented error responses of a route: one entry per status it can answer with. */
export function errorResponses<S extends keyof typeof ERROR_DESCRIPTIONS & number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, errorBody.describe(ERROR_DESCRIPTIONS[s] ?? 'error')]),
  ) as Record<S, typeof errorBody>;
}
