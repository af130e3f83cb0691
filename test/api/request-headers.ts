/** The request model's headers: Idempotency-Key, its rule, and generators of keys that keep or break it. */
import fc from 'fast-check';

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
