/**
 * The update id of a keyed action (api/cases/idempotency.ts) is an HMAC under a key derived from the payload
 * keyring's active key: stable for the same request, another for another request or key, and it shows neither
 * the key id nor the request hash, which a reader of the history could otherwise check a guessed note against.
 */
import { actionIdentity, updateIdFor, updateIdKey } from '../../api/cases/idempotency';
import { key, ring } from '../codec/codec-fixtures';

const note = (text: string, idempotencyKey = 'note-1') =>
  actionIdentity('mgr-xinyao', idempotencyKey, { action: 'notes', body: { text } })!;
const active = updateIdKey(ring(['k2', 2], ['k1', 1]));

test('the same request under the same key has the same id, 128 bits of HMAC', () => {
  const id = updateIdFor(active, note('call the member'));
  expect(id).toMatch(/^idem-[0-9a-f]{32}$/);
  expect(updateIdFor(updateIdKey(ring(['k2', 2], ['k1', 1])), note('call the member'))).toBe(id);
});

test('another body, another Idempotency-Key or another principal has another id', () => {
  const ids = [
    note('call the member'),
    note('call the member back'),
    note('call the member', 'note-2'),
    actionIdentity('sup-zheng', 'note-1', { action: 'notes', body: { text: 'call the member' } })!,
  ].map((identity) => updateIdFor(active, identity));
  expect(new Set(ids).size).toBe(ids.length);
});

test('the active key decides: the keys that only open old payloads do not, a rotation changes every id', () => {
  const identity = note('call the member');
  const id = updateIdFor(active, identity);
  expect(updateIdFor(updateIdKey(ring(['k2', 2], ['k0', 9])), identity)).toBe(id);
  expect(updateIdFor(updateIdKey(ring(['k3', 3], ['k2', 2])), identity)).not.toBe(id);
  // a key derived for this use only: the payload key itself gives another id
  expect(updateIdFor(key(2), identity)).not.toBe(id);
});

test('the id shows neither the key id nor the request hash', () => {
  const identity = note('Zhao Yunlan, +86 138 0013 8000');
  const id = updateIdFor(active, identity);
  for (const part of [identity.keyId, identity.requestHash]) {
    expect(id).not.toContain(part);
    expect(id).not.toContain(part.slice(0, 16));
  }
});
