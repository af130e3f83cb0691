/**
 * The codec endpoint's browser session. The Temporal Web UI calls the codec endpoint from the browser, without
 * our bearer token; with "Include cross-origin credentials" on, it sends this API's cookies. So an engineer signs in
 * once at GET /codec/session (a form for the bearer token), or with `POST /codec/session` and the token in the
 * Authorization header, and gets an HttpOnly, SameSite=Strict cookie for /codec, valid 8 hours. The cookie is a
 * principal id, a mark of the token it was opened with and an expiry under an HMAC keyed from the payload keys
 * (HKDF), so every API process with the same keys accepts it; the principal's role and token are read from the
 * roster at each request, so a token rotated (a leak) ends the sessions opened with it.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { PayloadKeyring } from '../../codec';
import type { Roster } from '../../config/roster';
import type { Actor, Role } from '../../workflows/domain';
import { fromAnotherOrigin } from '../plugins/browser-guards';
import { forbidden, unauthenticated, unavailable } from '../errors';
import { authenticate } from '../plugins/auth';

/** `__Secure-`: a browser takes it only with `Secure`, so a plain-HTTP page cannot plant one of its own. */
export const SESSION_COOKIE = '__Secure-concierge_codec_session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Who may read decoded payloads (API.md, "Codec endpoint"). */
export const CODEC_ROLES: readonly Role[] = ['engineer', 'supervisor', 'head'];

const sessionKey = (key: Buffer) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'concierge codec session v1', 32));
const mac = (key: Buffer, body: string) =>
  createHmac('sha256', sessionKey(key)).update(body).digest('base64url');

/**
 * What a session keeps of the token it was opened with: an HMAC of its hash under the session key, so a cookie
 * read off a machine gives nothing to test token guesses against.
 */
const tokenMark = (key: Buffer, tokenSha256: string) => mac(key, `token ${tokenSha256}`);

export interface SessionOf {
  principalId: string;
  /** The roster's hash of the token the session was opened with. */
  tokenSha256: string;
}

export function signSession(keys: PayloadKeyring, who: SessionOf, expiresAt: number): string {
  const claims = { sub: who.principalId, tok: tokenMark(keys.activeKey, who.tokenSha256), exp: expiresAt };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(keys.activeKey, body)}`;
}

/**
 * The principal of a valid, unexpired session cookie (signed under any known key) opened with the token the
 * roster holds now for it (`tokenSha256Of`), else undefined.
 */
export function verifySession(
  keys: PayloadKeyring,
  value: string,
  now: number,
  tokenSha256Of: (principalId: string) => string | undefined,
): string | undefined {
  const [body, signature, extra] = value.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const signedWith = keys.ids
    .map((id) => keys.key(id)!)
    .find((key) => {
      const expected = Buffer.from(mac(key, body), 'base64url');
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  if (!signedWith) return undefined;
  try {
    const { sub, tok, exp } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      sub?: unknown;
      tok?: unknown;
      exp?: unknown;
    };
    if (typeof sub !== 'string' || typeof tok !== 'string' || typeof exp !== 'number' || exp <= now)
      return undefined;
    // Opened with a token the roster no longer holds (rotated after a leak): over, like an expired one.
    const current = tokenSha256Of(sub);
    return current !== undefined && tok === tokenMark(signedWith, current) ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** Every value of the cookie `name` the request carries (a browser sends one per path that matches). */
export function cookieValues(request: FastifyRequest, name: string): string[] {
  return (request.headers.cookie ?? '').split(';').flatMap((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && part.slice(0, eq).trim() === name ? [part.slice(eq + 1).trim()] : [];
  });
}

/** Only an engineer, supervisor or head reads decoded payloads: a 403 for anyone else. */
function mayDecode(actor: Actor): void {
  if (!CODEC_ROLES.includes(actor.role)) {
    throw forbidden(
      `The ${actor.role} role may not read decoded payloads (engineer, supervisor or head only)`,
    );
  }
}

/**
 * The caller of a codec route: the bearer token when one is sent (a bad one is 401, never a fallback), else the
 * session cookie; then the role gate (403 for system and managers).
 */
export function codecPrincipal(
  request: FastifyRequest,
  roster: Roster,
  keys: PayloadKeyring | undefined,
): Actor {
  let actor: Actor;
  const sessions = cookieValues(request, SESSION_COOKIE);
  // A second one was planted (a page of a sibling host or path): which is the engineer's own cannot be told.
  if (request.headers.authorization === undefined && sessions.length > 1)
    throw unauthenticated(
      'More than one codec session cookie was sent: sign out at /codec/session and sign in again',
    );
  const session = sessions[0];
  if (request.headers.authorization === undefined && session !== undefined && keys !== undefined) {
    const principal = roster.get(
      verifySession(keys, session, Date.now(), (id) => roster.tokenHashOf(id)) ?? '',
    );
    if (!principal)
      throw unauthenticated('The codec session expired or is not valid: sign in again at /codec/session');
    actor = { id: principal.id, role: principal.role };
  } else {
    actor = authenticate(request, roster);
  }
  mayDecode(actor);
  return actor;
}

/**
 * Always `Secure`, whatever the request looks like: behind a proxy that ends TLS the API sees plain HTTP and the
 * proxy's own host, and a cookie that decrypts personal data must never travel in clear. Browsers take a Secure
 * cookie from `http://localhost` (a secure context), so development works as it is.
 */
const sessionCookie = (value: string, maxAgeSeconds: number, path = '/codec') =>
  `${SESSION_COOKIE}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict; Secure`;

/** The paths a planted cookie would take to be sent first to the codec's routes: signing out clears them too. */
const CODEC_PATHS = ['/codec', '/codec/decode', '/codec/encode'];

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Codec endpoint sign-in</title></head><body>${body}</body></html>`;

const SIGN_IN_PAGE = page(
  '<h1>Read payloads in the Temporal Web UI</h1>' +
    '<p>Engineers, supervisors and the head sign in here with their bearer token. The browser then keeps a ' +
    "session for the codec endpoint; in the Web UI's Data Encoder settings, use this endpoint with " +
    '"Include cross-origin credentials" on.</p>' +
    '<form method="post" action="/codec/session"><label>Bearer token <input name="token" type="password" ' +
    'autocomplete="off" required></label> <button type="submit">Sign in</button></form>',
);

export interface CodecSessionOptions {
  roster: Roster;
  payloadKeys: PayloadKeyring | undefined;
}

/**
 * A session is opened only from this API's own page or by a client that is no browser page (no Origin): a page of
 * another site posting its own token (login CSRF) would leave the engineer's browser signed in as someone else.
 * (The sign-in page's own post is same-origin; its Origin is "null" under its no-referrer policy.)
 */
function refuseOtherSites(request: FastifyRequest): void {
  if (fromAnotherOrigin(request))
    throw forbidden("A codec session is opened from this API's own sign-in page only");
}

/** GET/POST/DELETE /codec/session (registered under the /codec prefix). Pages, not API: not in the OpenAPI document. */
const codecSession: FastifyPluginAsync<CodecSessionOptions> = async (app, { roster, payloadKeys }) => {
  // Only here: the sign-in form posts a urlencoded body; everything else in the API stays JSON-only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get('/session', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers(PAGE_HEADERS).send(SIGN_IN_PAGE),
  );

  // A token is a few dozen bytes: the route takes 4 KiB, and its 413 says so.
  app.post('/session', { schema: { hide: true }, bodyLimit: 4096 }, async (request, reply) => {
    refuseOtherSites(request);
    const form = request.body as { token?: unknown } | undefined;
    const fromForm = request.headers.authorization === undefined && typeof form?.token === 'string';
    let actor: Actor;
    if (fromForm) {
      const principal = roster.byTokenValue((form.token as string).trim());
      if (!principal) throw unauthenticated('Unknown bearer token');
      actor = { id: principal.id, role: principal.role };
    } else {
      actor = authenticate(request, roster);
    }
    mayDecode(actor);
    if (payloadKeys === undefined)
      throw unavailable('This API has no payload keys: the codec endpoint is off');
    const expiresAt = Date.now() + SESSION_TTL_MS;
    const session = signSession(
      payloadKeys,
      { principalId: actor.id, tokenSha256: roster.tokenHashOf(actor.id) ?? '' },
      expiresAt,
    );
    reply.header('set-cookie', sessionCookie(session, SESSION_TTL_MS / 1000));
    request.log.info({ principal: actor.id }, 'codec session opened');
    const until = new Date(expiresAt).toISOString();
    if (fromForm) {
      return reply
        .headers(PAGE_HEADERS)
        .send(
          page(
            `<p>Signed in as ${escape(actor.id)} (${actor.role}) until ${until} for the codec endpoint.</p>`,
          ),
        );
    }
    return { principal: actor, expiresAt: until };
  });

  app.delete('/session', { schema: { hide: true } }, async (_request, reply) => {
    reply.header(
      'set-cookie',
      CODEC_PATHS.map((path) => sessionCookie('', 0, path)),
    );
    return reply.code(204).send();
  });
};

export default codecSession;
