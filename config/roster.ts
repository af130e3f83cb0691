import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Person, type Role } from '../workflows/domain';
import { ConfigError, loadJsonFile } from './load-json';

/** The shortest bearer token a roster may hold, and the API takes (a hashed one included). */
export const MIN_TOKEN_LENGTH = 16;

/** The id under which a case records what the platform does by itself (workflows/approval.ts). */
const RESERVED_ID = 'system';

/** The roles that own cases (and are notified): every one of them has an alias. */
const OWNER_ROLES: readonly Role[] = ['manager', 'supervisor', 'head'];

const principalSchema = z
  .object({
    id: z.string().min(1),
    alias: z.string().min(1).optional(),
    role: z.enum(ROLES),
    /** The bearer token itself (development), or instead: */
    token: z
      .string()
      .regex(
        new RegExp(`^[\\x21-\\x7e]{${MIN_TOKEN_LENGTH},}$`),
        `a token is at least ${MIN_TOKEN_LENGTH} printable characters, no spaces (it is sent as Authorization: Bearer <token>)`,
      )
      .optional(),
    /** Hex of the token's SHA-256, so the roster file holds no usable token (production). */
    tokenSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'the hex of a SHA-256 (64 hex digits)')
      .transform((hex) => hex.toLowerCase())
      .optional(),
    supervisorId: z.string().min(1).optional(),
    backupId: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.token === undefined) === (p.tokenSha256 === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [p.token === undefined ? 'token' : 'tokenSha256'],
        message: 'give exactly one of token and tokenSha256',
      });
    }
    // A case records the platform's own acts (its proposals, its timeline entries) under the id `system`: a
    // principal of that id would pass for the platform, and its opening would make the platform's proposals its own.
    if (p.id === RESERVED_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `the id "${RESERVED_ID}" is reserved for what the platform itself does in a case: give this principal another`,
      });
    }
    // API.md, Notifications: the owner is named with an alias.
    if (p.alias === undefined && OWNER_ROLES.includes(p.role)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alias'],
        message: `a ${p.role} needs an alias: notifications name a case's owner by it, and the console shows it`,
      });
    }
  });

/** Hex of a token's SHA-256: how the roster knows a token, whichever form the file gives it in. */
export const tokenSha256 = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

const hashOf = (p: { token?: string; tokenSha256?: string }): string =>
  p.tokenSha256 ?? tokenSha256(p.token ?? '');

export const rosterSchema = z
  .object({ principals: z.array(principalSchema).min(1) })
  .strict()
  .superRefine((roster, ctx) => {
    const ids = new Map<string, Role>();
    const tokens = new Map<string, string>();
    roster.principals.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['principals', i, 'id'], message: `duplicate id "${p.id}"` });
      // A token and a hash of the same token are the same credential.
      const hash = hashOf(p);
      const other = tokens.get(hash);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, p.tokenSha256 === undefined ? 'token' : 'tokenSha256'],
          message: `duplicate token (the same as ${other}'s)`,
        });
      }
      ids.set(p.id, p.role);
      tokens.set(hash, p.id);
    });
    roster.principals.forEach((p, i) => {
      if (p.supervisorId !== undefined && !['supervisor', 'head'].includes(ids.get(p.supervisorId) ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, 'supervisorId'],
          message: `"${p.supervisorId}" is not a supervisor or head in the roster`,
        });
      }
      if (
        p.backupId !== undefined &&
        !['manager', 'supervisor', 'head'].includes(ids.get(p.backupId) ?? '')
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, 'backupId'],
          message: `"${p.backupId}" is not a manager, supervisor or head in the roster`,
        });
      }
      if (p.backupId !== undefined && p.backupId === p.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, 'backupId'],
          message: `"${p.id}" cannot be their own backup: a missed callback would climb back to them`,
        });
      }
      if (p.role === 'manager' && p.supervisorId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, 'supervisorId'],
          message: 'a manager needs a supervisorId',
        });
      }
    });
    const heads = roster.principals.filter((p) => p.role === 'head');
    if (heads.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['principals'],
        message: 'the roster needs a head (last escalation level)',
      });
    }
    if (heads.length > 1) {
      // Every case's last escalation level and the approvals above the ceiling would go to the first one alone.
      ctx.addIssue({
        code: 'custom',
        path: ['principals'],
        message: `the roster has one head (the last escalation level, the approver above the ceiling): ${heads.map((p) => `"${p.id}"`).join(', ')} are all heads`,
      });
    }
  });

export type Principal = z.output<typeof principalSchema>;

/**
 * Principals and their tokens, with the lookups authentication and the escalation ladder need. Tokens are known
 * by their SHA-256 only: a presented token is hashed and looked up, whether the file gave the token or its hash.
 */
export class Roster {
  private readonly byId: Map<string, Principal>;
  private readonly byTokenHash: Map<string, Principal>;

  constructor(readonly principals: readonly Principal[]) {
    this.byId = new Map(principals.map((p) => [p.id, p]));
    this.byTokenHash = new Map(principals.map((p) => [hashOf(p), p]));
  }

  static load(file: string): Roster {
    return new Roster(loadJsonFile(file, rosterSchema, 'Roster file').principals);
  }

  /** The principal of a presented token; none for one shorter than the minimum, even if its hash is listed. */
  byTokenValue(token: string): Principal | undefined {
    if (token.length < MIN_TOKEN_LENGTH) return undefined;
    return this.byTokenHash.get(tokenSha256(token));
  }

  /** Whether any principal of this roster holds a token of the other (the same credential in either form). */
  sharesTokensWith(other: Roster): boolean {
    return [...this.byTokenHash.keys()].some((hash) => other.byTokenHash.has(hash));
  }

  get(id: string): Principal | undefined {
    return this.byId.get(id);
  }

  /** Hex of the SHA-256 of the principal's current token (undefined for an id the roster does not know). */
  tokenHashOf(id: string): string | undefined {
    const p = this.byId.get(id);
    return p === undefined ? undefined : hashOf(p);
  }

  head(): Principal {
    const head = this.principals.find((p) => p.role === 'head');
    if (!head) throw new ConfigError('the roster has no head');
    return head;
  }

  /**
   * Owner of a case at an escalation level, per DOMAIN.md: 0 the dedicated manager, 1 the manager's backup
   * (else the supervisor), 2 the supervisor, 3 the head.
   */
  ownerAtLevel(managerId: string, level: number): Person {
    const manager = this.get(managerId);
    const supervisor = manager?.supervisorId ? this.get(manager.supervisorId) : undefined;
    const backup = manager?.backupId ? this.get(manager.backupId) : undefined;
    const candidates: (Principal | undefined)[] =
      level <= 0 ? [manager] : level === 1 ? [backup, supervisor] : level === 2 ? [supervisor] : [];
    const owner = candidates.find((p) => p !== undefined) ?? this.head();
    return toPerson(owner);
  }

  /** The whole escalation ladder of a manager, index = level (0..3). Captured in the case's start input. */
  ladderFor(managerId: string): Person[] {
    return [0, 1, 2, 3].map((level) => this.ownerAtLevel(managerId, level));
  }
}

export function toPerson(p: Principal): Person {
  return p.alias === undefined ? { id: p.id, role: p.role } : { id: p.id, alias: p.alias, role: p.role };
}
