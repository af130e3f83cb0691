/**
 * What the codec tests share: 32-byte keys made of one byte (also as base64, and in a keyring), a payload's
 * metadata entry as text, and a secret worth sealing.
 */
import type { Payload } from '@temporalio/common';
import { PayloadKeyring } from '../../codec';

export const key = (byte: number) => Buffer.alloc(32, byte);
export const b64 = (byte: number) => key(byte).toString('base64');
export const ring = (...ids: [string, number][]) =>
  new PayloadKeyring(ids.map(([id, byte]) => ({ id, key: key(byte) })));
export const meta = (p: Payload, k: string) =>
  p.metadata?.[k] ? Buffer.from(p.metadata[k]!).toString('utf8') : undefined;

export const secret = { member: { name: 'Zhao Yunlan-7f3a' }, note: 'call +86 138 0013 8000' };
