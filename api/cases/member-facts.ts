/**
 * Who may state a member's facts (API.md): the platform (`system`) states tier, credit and dedicated manager and
 * is trusted; a manager, supervisor or head names the member and the member directory answers. Stated values
 * that differ from the directory are refused: money rules are only as strong as the facts they read.
 */
import { MemberDirectoryUnavailable, type MemberDirectory } from '../../activities/adapters/member-directory';
import type { Actor, Member } from '../../workflows/domain';
import { forbidden, unavailable, validationFailed } from '../errors';
import { MEMBER_FACTS, type OpenCaseBody } from '../schemas/open-case';

type StatedMember = OpenCaseBody['member'];

/**
 * The member a case opens for: as the platform stated it, or as the directory knows it. `isManager` tells a
 * manager of the roster: a directory naming anyone else as the dedicated manager is the platform's data to
 * correct, not the caller's request (503, nothing opened), never a 400 on a field the caller did not send.
 */
export async function memberFacts(
  principal: Actor,
  stated: StatedMember,
  directory: MemberDirectory,
  isManager: (id: string) => boolean,
): Promise<Member> {
  if (principal.role === 'system') return statedByPlatform(stated);
  let known: Member | undefined;
  try {
    known = await directory.find(stated.id);
  } catch (err) {
    if (!(err instanceof MemberDirectoryUnavailable)) throw err;
    throw unavailable(`The case was not opened: ${err.message}. Opening it again is safe`);
  }
  if (known === undefined) {
    throw validationFailed('body', [
      {
        path: 'member.id',
        code: 'unknown_member',
        message: `member "${stated.id}" is not in the member directory`,
      },
    ]);
  }
  // Field names only: the values (a name above all) are personal data and the message is logged.
  const differing = MEMBER_FACTS.filter((f) => stated[f] !== undefined && stated[f] !== known[f]);
  if (differing.length > 0) {
    const fields = differing.map((f) => `member.${f}`).join(', ');
    throw forbidden(
      `${principal.id} (${principal.role}) may not state a member's facts: ${fields} ` +
        `${differing.length === 1 ? 'differs' : 'differ'} from the member directory; leave ` +
        `${differing.length === 1 ? 'it' : 'them'} out to take the directory's`,
    );
  }
  if (!isManager(known.managerId)) {
    throw unavailable(
      `The case was not opened: the member directory names "${known.managerId}" as member "${known.id}"'s ` +
        'dedicated manager, who is not a manager in the roster; the directory or the roster must be corrected first',
    );
  }
  return known;
}

function statedByPlatform(stated: StatedMember): Member {
  const { id, name, tier, credit, managerId } = stated;
  if (name === undefined || tier === undefined || credit === undefined || managerId === undefined) {
    throw validationFailed(
      'body',
      MEMBER_FACTS.filter((f) => stated[f] === undefined).map((f) => ({
        path: `member.${f}`,
        code: 'required',
        message: `the platform (system) states the member's ${f}`,
      })),
    );
  }
  return { id, name, tier, credit, managerId };
}
