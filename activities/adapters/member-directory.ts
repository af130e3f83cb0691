/**
 * Edge: the platform's member directory, which knows each member's tier, credit standing and dedicated manager.
 * Those facts are the platform's, never the asker's (DOMAIN.md, "Trust and segregation of duties"): a manager,
 * supervisor or head opening a case names the member and the directory answers.
 * Development reads a file (MEMBERS_FILE, config/members.ts); production asks the member service over HTTP.
 */
import { z } from 'zod';
import { CREDIT_STANDINGS, TIERS, type Member } from '../../workflows/domain';

export type DirectoryMember = Member;

export interface MemberDirectory {
  /** The member, or undefined when the directory does not know the id; throws MemberDirectoryUnavailable. */
  find(id: string): Promise<DirectoryMember | undefined>;
}

/** The directory could not answer (down, slow, or an answer that is not a member): nothing can be decided. */
export class MemberDirectoryUnavailable extends Error {
  override name = 'MemberDirectoryUnavailable';
}

/** One member as the directory states it (extra fields a member service may add are ignored). */
export const directoryMemberSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  tier: z.enum(TIERS),
  credit: z.enum(CREDIT_STANDINGS),
  managerId: z.string().min(1).max(128),
});

const copy = (m: DirectoryMember): DirectoryMember => ({
  id: m.id,
  name: m.name,
  tier: m.tier,
  credit: m.credit,
  managerId: m.managerId,
});

/** A directory held in memory (the validated MEMBERS_FILE). */
export function staticMemberDirectory(members: readonly DirectoryMember[]): MemberDirectory {
  const byId = new Map(members.map((m) => [m.id, copy(m)]));
  return {
    async find(id) {
      const member = byId.get(id);
      return member && copy(member);
    },
  };
}

/**
 * The platform's member service: `GET <baseUrl>/<id>` answers 200 with the member as JSON, or 404 when it does
 * not know the id. Anything else (another status, a body that is not a member, no answer within `timeoutMs`)
 * is MemberDirectoryUnavailable. Messages name fields and statuses, never a member's data.
 */
export function httpMemberDirectory(baseUrl: string, timeoutMs = 3_000): MemberDirectory {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async find(id) {
      const url = `${base}/${encodeURIComponent(id)}`;
      let res: Response;
      let body: unknown;
      try {
        res = await fetch(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.status === 404) {
          await res.body?.cancel();
          return undefined;
        }
        if (!res.ok) {
          await res.body?.cancel();
          throw new MemberDirectoryUnavailable(`the member directory answered ${res.status}`);
        }
        body = await res.json();
      } catch (err) {
        if (err instanceof MemberDirectoryUnavailable) throw err;
        const e = err as Error;
        throw new MemberDirectoryUnavailable(
          e.name === 'TimeoutError' || e.name === 'AbortError'
            ? `the member directory did not answer within ${timeoutMs} ms`
            : e.name === 'SyntaxError'
              ? 'the member directory answered with a body that is not JSON'
              : `the member directory cannot be reached (${e.message})`,
        );
      }
      const parsed = directoryMemberSchema.safeParse(body);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
        throw new MemberDirectoryUnavailable(
          `the member directory answered with a member that is not valid (${fields.join(', ')})`,
        );
      }
      if (parsed.data.id !== id) {
        throw new MemberDirectoryUnavailable('the member directory answered with another member');
      }
      return copy(parsed.data);
    },
  };
}
