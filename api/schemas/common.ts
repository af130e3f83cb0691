import { z } from 'zod';

/** Ids of people, members, orders, bookings...: no spaces or quotes, so they are safe inside visibility queries. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const id = z
  .string()
  .regex(ID_PATTERN, 'letters, digits and . _ : - (at most 128, starting with a letter or digit)');

/** JSON Schema keyword marking an id that must name a roster principal of a role (the OpenAPI plugin lists them). */
export const ROSTER_ROLE = 'x-roster-role';

/** JSON Schema keyword marking a case type's name (the OpenAPI plugin lists the app's types as its `enum`). */
export const CASE_TYPE_NAME = 'x-case-type';

/**
 * A case type's name in a response: the app's types (shipped and plugged in, `AppOptions.caseTypes`) are listed
 * in the OpenAPI document; only the workflows write it, so the response does not re-check it.
 */
export const caseTypeName = z.string().meta({ [CASE_TYPE_NAME]: true });

/** The id of a manager in the roster (the route checks it; the OpenAPI document lists the roster's managers). */
export const managerId = id.meta({ description: 'a manager in the roster', [ROSTER_ROLE]: 'manager' });

/**
 * Exactly JavaScript's whitespace (what `String.prototype.trim` removes), spelled out rather than `\s` so
 * that every regex engine reading the OpenAPI document (Python's \s differs) draws the same line.
 */
const NOT_BLANK = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * Free text a person typed: not blank, at most `max` characters as sent (zod, like JSON Schema's maxLength,
 * counts code points), stored trimmed. The OpenAPI document states the same: minLength, maxLength, pattern.
 */
export const text = (max: number) => z.string().min(1).max(max).regex(NOT_BLANK, 'must not be blank').trim();

/**
 * The optional Idempotency-Key header of opening a case and of every action: 1 to 200 printable ASCII
 * characters, no spaces (what `description` says a repeat does differs per route).
 */
export const idempotencyKeyHeaders = (description: string) =>
  z.looseObject({
    'idempotency-key': z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 printable ASCII characters, no spaces')
      .optional()
      .describe(description),
  });

/** The query string of a route that takes none: a parameter there is a mistake worth a 400, not silence. */
export const noQuery = z.strictObject({});

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

const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An instant with Z or an offset, from 1900 to the end of 9999 in UTC; stored as UTC. The range is the UTC
 * instant's: "9999-12-31T23:00:00-01:00" is in year 10000, which no ISO string of four digits, no search
 * attribute and no view can hold.
 */
export const dateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const at = Date.parse(s);
    return at >= EARLIEST_INSTANT && at <= LATEST_INSTANT;
  }, 'an instant from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z')
  .transform((s) => new Date(s).toISOString());

/**
 * A calendar date as sent ("2030-03-10"). It is hashed as sent (`toJSON`), so a keyed repeat matches whatever the
 * policy's zone; the case stores it as the first instant of that day in the policy's `dateTimeZone`
 * (api/cases/local-dates.ts).
 */
export class LocalDate {
  constructor(readonly date: string) {}
  toJSON(): string {
    return this.date;
  }
}

/** A calendar date (from 1900 on: a `LocalDate`) or an instant (stored as UTC). */
export const dateOrDateTime = z.union([
  z.iso
    .date()
    .refine((date) => date >= '1900-01-01', 'a date from 1900-01-01 on')
    .transform((date) => new LocalDate(date))
    .describe("a calendar date: the start of that day in the policy's dateTimeZone"),
  dateTime,
]);

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

const errorShape = <C extends ErrorCode>(codes: readonly [C, ...C[]], details: z.ZodType = z.unknown()) =>
  z.object({
    error: z.enum(codes),
    message: z.string().describe('a human sentence'),
    details: details.optional(),
  });

/** Every error body; the per-status schemas below narrow `error` to the codes that status carries. */
export const errorBody = errorShape(ERROR_CODES).meta({
  id: 'Error',
  description:
    'Every error: a stable code, a human sentence, and sometimes details (e.g. validation issues).',
});
export type ErrorBody = z.output<typeof errorBody>;

const validationDetails = z
  .object({
    in: z.enum(['body', 'querystring', 'params', 'headers']),
    issues: z.array(
      z.object({
        path: z.string().describe('dotted path inside that part of the request; "" for the part itself'),
        code: z.string(),
        message: z.string(),
      }),
    ),
  })
  .describe('which part of the request is invalid, and how (absent when the body could not be read at all)');

const validationError = errorShape(['validation_failed'], validationDetails).meta({ id: 'ValidationError' });

/** Each documented error status: the codes it carries (API.md's list) and what it means. */
const ERROR_STATUSES = {
  400: {
    schema: validationError,
    description:
      'validation_failed: the request (body, query, path or header) is not valid; details lists the issues',
  },
  401: {
    schema: errorShape(['unauthenticated']).meta({ id: 'UnauthenticatedError' }),
    description: 'unauthenticated: no bearer token, or one the roster does not know',
  },
  403: {
    schema: errorShape(['forbidden']).meta({ id: 'ForbiddenError' }),
    description: 'forbidden: the principal may not do this',
  },
  404: {
    schema: errorShape(['not_found']).meta({ id: 'NotFoundError' }),
    description: 'not_found: no such case, compensation or manager',
  },
  409: {
    schema: errorShape(['invalid_transition', 'idempotency_conflict']).meta({ id: 'ConflictError' }),
    description: 'invalid_transition (the case state does not allow it) or idempotency_conflict',
  },
  413: { schema: validationError, description: 'validation_failed: the body is larger than 64 KiB' },
  415: { schema: validationError, description: 'validation_failed: the body is not application/json' },
  422: {
    schema: errorShape(['limit_exceeded']).meta({ id: 'LimitExceededError' }),
    description: "limit_exceeded: over a refund limit or the order price, or the case's record is full",
  },
  503: {
    schema: errorShape(['unavailable']).meta({ id: 'UnavailableError' }),
    description: 'unavailable: Temporal cannot be reached',
  },
} as const;
type ErrorStatus = keyof typeof ERROR_STATUSES;

/**
 * The documented error responses of a route: one entry per status it can answer with, each with the body
 * schema of that status (responses are serialized through it, so the document cannot drift from what is sent).
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, ERROR_STATUSES[s].schema.describe(ERROR_STATUSES[s].description)]),
  ) as { [K in S]: (typeof ERROR_STATUSES)[K]['schema'] };
}
