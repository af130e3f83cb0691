/**
 * The dev roster's bearer tokens, by principal id: tests read them here instead of spelling them out, so a
 * changed roster changes every test with it.
 */
import { readFileSync } from 'node:fs';
import { DEV_ROSTER_FILE } from '../../config/env';

const principals = (
  JSON.parse(readFileSync(DEV_ROSTER_FILE, 'utf8')) as { principals: { id: string; token?: string }[] }
).principals;

/** The plain token of a dev roster principal (`app`, `mgr-xinyao`, `sup-zheng`, `eng-1`...). */
export function token(principalId: string): string {
  const t = principals.find((p) => p.id === principalId)?.token;
  if (!t) throw new Error(`the dev roster has no plain token for ${principalId}`);
  return t;
}

/** `Bearer <token>` of a dev roster principal. */
export const bearer = (principalId: string): string => `Bearer ${token(principalId)}`;

/** The Authorization header of a dev roster principal. */
export const authorization = (principalId: string): { authorization: string } => ({
  authorization: bearer(principalId),
});
