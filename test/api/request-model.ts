/**
 * The requests the API takes, restated from API.md (plus the project's documented limits) as a small model
 * that is NOT the production zod schemas: it generates valid requests, mutations known to be invalid (with the
 * field the 400 must name), and judges arbitrary JSON. The property tests hold the API to it.
 */
import fc from 'fast-check';

/** The dev roster's managers (README's table); any other id is not a manager. */
export const MANAGERS = ['mgr-xinyao', 'mgr-lin', 'mgr-qiu'] as const;

export type Field =
  | { kind: 'id' }
  | { kind: 'code' }
  | { kind: 'text'; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'money'; positive: boolean }
  | { kind: 'date' }
  | { kind: 'instant' }
  | { kind: 'dateOrInstant' }
  | { kind: 'object'; fields: Record<string, Field>; optional?: readonly string[] }
  | { kind: 'array'; of: Field; min: number; max: number };

const id: Field = { kind: 'id' };
const text = (max: number): Field => ({ kind: 'text', max });
const oneOf = (...values: string[]): Field => ({ kind: 'enum', values });
const object = (fields: Record<string, Field>, optional: string[] = []): Field => ({
  kind: 'object',
  fields,
  optional,
});
const price: Field = { kind: 'money', positive: true };

const member = object({
  id,
  name: text(200),
  tier: oneOf('apass_top', 'apass', 'super', 'standard'),
  credit: oneOf('good', 'fair', 'restricted'),
  managerId: oneOf(...MANAGERS),
});
const booking = object({ bookingId: id, merchantId: id, price });

export const CASE_DETAILS: Record<string, Field> = {
  dispute: object({
    orderId: id,
    merchantId: id,
    price,
    issue: oneOf('missing_part', 'not_as_described', 'damaged', 'refused_repair', 'other'),
  }),
  lost_goods: object(
    {
      orderId: id,
      merchantId: id,
      price,
      carrier: text(100),
      trackingNo: text(100),
      neededBy: { kind: 'instant' },
    },
    ['carrier', 'trackingNo', 'neededBy'],
  ),
  visa_help: object(
    {
      destination: text(100),
      travelers: { kind: 'array', of: object({ name: text(200), relation: text(50) }), min: 1, max: 20 },
      departureDate: { kind: 'dateOrInstant' },
      visaStatus: oneOf('administrative_review', 'refused', 'pending'),
      trip: booking,
    },
    ['trip'],
  ),
  travel_cancellation: object(
    {
      bookingId: id,
      merchantId: id,
      price,
      departureDate: { kind: 'dateOrInstant' },
      penalty: { kind: 'money', positive: false },
      reason: text(1000),
      additionalBookings: { kind: 'array', of: booking, min: 0, max: 10 },
    },
    ['penalty', 'reason', 'additionalBookings'],
  ),
  concierge: object({ request: text(2000) }),
};
export const CASE_TYPES = Object.keys(CASE_DETAILS);

/** POST /v1/cases of one type: `type` is fixed, the rest is the model. */
export const openCaseSpec = (type: string) =>
  object({ member, summary: text(500), details: CASE_DETAILS[type]! }) as Extract<Field, { kind: 'object' }>;

const note = text(2000);
const reason = text(2000);

/** API.md's role gates: the roles that may take each action (its path under /v1/cases/{id}/). */
export const ACTION_ROLES: Record<string, string[]> = {
  callback: ['manager', 'supervisor', 'head'],
  notes: ['manager', 'supervisor', 'head'],
  wait: ['manager', 'supervisor', 'head'],
  resume: ['manager', 'supervisor', 'head', 'system'],
  'third-party-response': ['manager', 'supervisor', 'head'],
  compensations: ['manager', 'supervisor', 'head'],
  'compensations/:compensationId/approve': ['supervisor', 'head'],
  'compensations/:compensationId/reject': ['supervisor', 'head'],
  escalate: ['manager', 'supervisor', 'head', 'system'],
  reassign: ['supervisor', 'head'],
  resolve: ['manager', 'supervisor', 'head'],
  reopen: ['supervisor', 'head', 'system'],
  rate: ['system'],
  cancel: ['supervisor', 'head', 'system'],
};

/** A dev roster principal of each role. */
export const PRINCIPAL_OF_ROLE: Record<string, string> = {
  system: 'app',
  manager: 'mgr-xinyao',
  supervisor: 'sup-zheng',
  head: 'head-dai',
  engineer: 'eng-1',
};

/** Every action body of API.md's table (third-party-response has one variant per party). */
export const ACTION_BODIES: Record<string, Extract<Field, { kind: 'object' }>[]> = {
  callback: [object({ note }, ['note']) as never],
  notes: [object({ text: text(4000) }) as never],
  wait: [object({ on: oneOf('member', 'third_party'), reason }) as never],
  resume: [object({ note }, ['note']) as never],
  'third-party-response': [
    object({ party: oneOf('merchant'), outcome: oneOf('accepted', 'refused'), note }, ['note']) as never,
    object({ party: oneOf('carrier'), outcome: oneOf('found', 'lost'), note }, ['note']) as never,
    object({ party: oneOf('consulate'), outcome: oneOf('approved', 'denied'), note }, ['note']) as never,
  ],
  compensations: [
    object({
      kind: oneOf(
        'instant_refund',
        'advance_refund',
        'goodwill_gift',
        'substitute_purchase',
        'penalty_cover',
        'reship',
      ),
      amount: price,
      reason,
    }) as never,
  ],
  'compensations/c1/approve': [object({ note }, ['note']) as never],
  'compensations/c1/reject': [object({ reason }) as never],
  escalate: [object({ reason }) as never],
  reassign: [object({ managerId: oneOf(...MANAGERS), reason }) as never],
  resolve: [object({ code: { kind: 'code' }, summary: text(2000) }) as never],
  reopen: [object({ reason }) as never],
  rate: [object({ score: { kind: 'int', min: 1, max: 5 }, comment: text(2000) }, ['comment']) as never],
  cancel: [object({ reason }) as never],
};

/** GET /v1/cases query parameters, every one optional; values as they appear in the query string. */
export const LIST_QUERY = object(
  {
    status: oneOf(
      'awaiting_callback',
      'in_progress',
      'waiting_on_member',
      'waiting_on_third_party',
      'resolved',
      'closed',
      'cancelled',
    ),
    type: oneOf(...CASE_TYPES),
    assigneeId: id,
    memberId: id,
    tier: oneOf('apass_top', 'apass', 'super', 'standard'),
    breached: oneOf('true'),
    escalationLevel: oneOf('0', '1', '2', '3'),
    pageSize: { kind: 'enum', values: Array.from({ length: 200 }, (_, i) => String(i + 1)) },
  },
  ['status', 'type', 'assigneeId', 'memberId', 'tier', 'breached', 'escalationLevel', 'pageSize'],
) as Extract<Field, { kind: 'object' }>;

// ---------------------------------------------------------------- the rules, restated

/** Ids: letters, digits and . _ : -, starting with a letter or digit, at most 128 (no spaces or quotes). */
export const isId = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(v);
const isCode = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v);
export const codePoints = (s: string) => [...s].length;
const isText = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && codePoints(v) <= max;
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
  return m !== null && isCalendarDate(m[1]!);
};
const isObject = (v: unknown): v is Record<string, unknown> =>
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

// ---------------------------------------------------------------- valid values

/** Every whitespace JavaScript trims: blank text is made of these. */
export const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];

const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/);
const textArb = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: Math.min(max, 80) }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 80) }),
      fc.constantFrom('丽丽的吊坠', '🎁 gift', '\u3000padded\n'),
      // At the limit: `max` characters, astral ones counting one each (two UTF-16 units).
      fc.constantFrom('x'.repeat(max), '😀'.repeat(max), ` ${'丽'.repeat(max - 2)} `),
    )
    .filter((s) => isText(s, max));
const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instantArb = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-02T00:00:00Z'),
      max: new Date('2099-12-30T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', '+08:00', '-05:30', '+00:00'),
  )
  .map(([d, zone]) => d.toISOString().replace('Z', zone));

export function validArb(f: Field): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'id':
      return idArb;
    case 'code':
      return fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
    case 'text':
      return textArb(f.max);
    case 'enum':
      return fc.constantFrom(...f.values);
    case 'int':
      return fc.integer({ min: f.min, max: f.max });
    case 'money':
      return fc.record({
        amount: fc.oneof(fc.integer({ min: f.positive ? 1 : 0, max: 1_000_000 }), fc.constant(1e12)),
        currency: fc.constant('CNY'),
      });
    case 'date':
      return dateArb;
    case 'instant':
      return instantArb;
    case 'dateOrInstant':
      return fc.oneof(dateArb, instantArb);
    case 'array':
      return fc.array(validArb(f.of), { minLength: f.min, maxLength: Math.min(f.max, 3) });
    case 'object': {
      const optional = f.optional ?? [];
      return fc.record(Object.fromEntries(Object.entries(f.fields).map(([k, sub]) => [k, validArb(sub)])), {
        requiredKeys: Object.keys(f.fields).filter((k) => !optional.includes(k)),
      });
    }
  }
}

// ---------------------------------------------------------------- invalid values

/** Values of another JSON type than the field's (and nested garbage). */
function wrongTypes(f: Field): unknown[] {
  const garbage = { nested: { garbage: [null, { deeper: [] }] } };
  switch (f.kind) {
    case 'int':
      return [null, true, '3', [], {}, garbage];
    case 'money':
    case 'object':
      return [null, true, 0, 'text', [], [1, 'a']];
    case 'array':
      return [null, true, 0, 'text', {}, garbage];
    default:
      return [null, true, 0, 4200.5, [], {}, garbage];
  }
}

/** Values of the field's JSON type that break one of its rules. */
export function badValues(f: Field): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'id':
      return fc
        .oneof(
          fc.constantFrom('', ' m-1', 'm 1', "m'1", 'm"1', '-m1', '.m1', 'm/1', 'm\n', '丽', 'a'.repeat(129)),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        )
        .filter((v) => !isId(v));
    case 'code':
      return fc.constantFrom('', 'has spaces', '_x', 'x'.repeat(65), 'résolu', 'a/b');
    case 'text':
      return fc.oneof(
        fc.constant(''),
        fc.array(fc.constantFrom(...WHITESPACE), { minLength: 1, maxLength: 8 }).map((ws) => ws.join('')),
        fc.constantFrom('x', '😀', '丽').map((c) => c.repeat(f.max + 1)),
        // The limit holds for the text as sent, not once trimmed.
        fc.constantFrom(` ${'x'.repeat(f.max)}`, `${'丽'.repeat(f.max)}\n`),
      );
    case 'enum':
      return fc
        .oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(...f.values.map((v) => v.toUpperCase()), ` ${f.values[0]}`),
        )
        .filter((v) => !f.values.includes(v));
    case 'int':
      return fc.constantFrom(f.min - 1, f.max + 1, f.min + 0.5, -1e21, 1e300);
    case 'money':
      return fc.oneof(
        fc
          .constantFrom(
            4200.5,
            0.01,
            -1,
            -420000,
            1e12 + 1,
            1e21,
            Number.MAX_SAFE_INTEGER,
            ...(f.positive ? [0] : []),
          )
          .map((amount) => ({ amount, currency: 'CNY' })),
        fc.constantFrom('USD', 'cny', '', 'CN¥').map((currency) => ({ amount: 100, currency })),
        fc.constantFrom(
          { amount: '100', currency: 'CNY' },
          { amount: 100 },
          { currency: 'CNY' },
          {
            amount: 100,
            currency: 'CNY',
            fx: 1,
          },
        ),
      );
    case 'date':
    case 'instant':
    case 'dateOrInstant':
      return fc.constantFrom(
        '',
        'next week',
        '2030-02-30',
        '2030-13-01',
        '2030-1-2',
        '20300102',
        '2030-01-02T25:00:00Z',
        '2030-01-02 10:00:00Z',
        '2030-01-02T10:00:00+24:00',
        ...(f.kind === 'instant' ? ['2030-01-02', '2030-01-02T18:00:00'] : ['2030-01-02T18:00:00']),
      );
    case 'array':
      return fc.oneof(
        ...(f.min > 0 ? [fc.constant([])] : []),
        fc.array(validArb(f.of), { minLength: f.max + 1, maxLength: f.max + 2 }),
        fc.constant([null]),
      );
    case 'object':
      return fc.constant({});
  }
}

export interface Mutation {
  value: unknown;
  /** The dotted path a 400's details.issues must name. */
  path: string;
  what: string;
}

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/** Every (path, field, present value) of a valid value, parents first. */
function fieldsOf(
  f: Field,
  v: unknown,
  path = '',
): { path: string; field: Field; value: unknown; parent?: Field }[] {
  const out: { path: string; field: Field; value: unknown }[] = [{ path, field: f, value: v }];
  if (f.kind === 'object' && isObject(v)) {
    for (const [k, sub] of Object.entries(f.fields))
      if (k in v) out.push(...fieldsOf(sub, v[k], join(path, k)));
  }
  if (f.kind === 'array' && Array.isArray(v))
    v.forEach((x, i) => out.push(...fieldsOf(f.of, x, join(path, i))));
  return out;
}

function setAt(root: unknown, path: string, update: (parent: Record<string, unknown>, key: string) => void) {
  const copy = structuredClone(root) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
  update(parent, last);
  return copy;
}

/** A valid value of `spec` with one thing broken, and the path the API must name. */
export function invalidArb(spec: Extract<Field, { kind: 'object' }>): fc.Arbitrary<Mutation> {
  return validArb(spec).chain((valid) => {
    const fields = fieldsOf(spec, valid);
    const nested = fields.filter((x) => x.path !== '');
    const objects = fields.filter((x) => x.field.kind === 'object' || x.field.kind === 'money');
    const required = nested.filter(({ path }) => {
      const parentPath = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
      const parent = fields.find((x) => x.path === parentPath)!.field;
      return parent.kind === 'object' && !(parent.optional ?? []).includes(path.split('.').pop()!);
    });
    const options: fc.Arbitrary<Mutation>[] = [
      fc
        .tuple(
          fc.constantFrom(...objects),
          fc.constantFrom('priority', 'extra', '__meta', 'Amount', ' ', 'ünknown'),
        )
        .map(([o, key]) => ({
          value:
            o.path === ''
              ? { ...(valid as object), [key]: 1 }
              : setAt(valid, o.path, (p, k) => ((p[k] as Record<string, unknown>)[key] = 1)),
          path: o.path,
          what: `unknown field ${key} in ${o.path || 'the body'}`,
        })),
    ];
    if (nested.length > 0) {
      options.push(
        fc.constantFrom(...nested).chain((x) =>
          fc.constantFrom(...wrongTypes(x.field)).map((bad) => ({
            value: setAt(valid, x.path, (p, k) => (p[k] = bad)),
            path: x.path,
            what: `${JSON.stringify(bad)} at ${x.path}`,
          })),
        ),
        fc.constantFrom(...nested).chain((x) =>
          badValues(x.field).map((bad) => ({
            value: setAt(valid, x.path, (p, k) => (p[k] = bad)),
            path: x.path,
            what: `${JSON.stringify(bad)?.slice(0, 60)} at ${x.path}`,
          })),
        ),
      );
    }
    if (required.length > 0) {
      options.push(
        fc.constantFrom(...required).map((x) => ({
          value: setAt(valid, x.path, (p, k) => delete p[k]),
          path: x.path,
          what: `no ${x.path}`,
        })),
      );
    }
    return fc.oneof(...options);
  });
}

/** What the API stores for a valid value: free text trimmed, instants in UTC (API.md: times are UTC). */
export function normalized(f: Field, v: unknown): unknown {
  switch (f.kind) {
    case 'text':
      return (v as string).trim();
    case 'instant':
      return new Date(v as string).toISOString();
    case 'dateOrInstant':
      return isCalendarDate(v as string) ? v : new Date(v as string).toISOString();
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

// ---------------------------------------------------------------- headers

/** Idempotency-Key, optional on opening a case and on every action: 1 to 200 printable ASCII, no spaces. */
export const isIdempotencyKey = (v: string) => /^[\x21-\x7e]{1,200}$/.test(v);

export const idempotencyKeyArb = fc.stringMatching(/^[\x21-\x7e]{1,150}$/);

/** Keys that break the rule, among those an HTTP client can send at all (Latin-1, no control characters). */
export const badIdempotencyKeyArb = fc
  .oneof(
    fc.constantFrom(' ', 'has space', 'tab\there', 'x'.repeat(201), 'clé', '\u00a0nbsp'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  )
  .filter((k) => !isIdempotencyKey(k) && /^[\x20-\x7e\x80-\xff\t]*$/.test(k));
