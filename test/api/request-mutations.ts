/**
 * Values the request model (request-model.ts) holds invalid: values of the wrong JSON type, values of the right
 * type that break a rule, and valid requests with one thing broken, each with the path the API's 400 must name.
 */
import fc from 'fast-check';
import type { Field } from './request-model';
import { isId, isObject } from './request-rules';
import { validArb } from './request-valid-values';

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
