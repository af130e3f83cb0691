/** Generators of values the request model (request-model.ts) holds valid, limits included. */
import fc from 'fast-check';
import type { Field } from './request-model';
import { isText } from './request-rules';

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
