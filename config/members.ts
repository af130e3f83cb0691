/**
 * The member directory in force (API.md, "Who may state a member's facts"): the platform's member service when
 * MEMBERS_URL is set, else the MEMBERS_FILE (a dev directory ships with the project), validated at start-up like
 * the roster: a bad file stops start-up naming the field.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  directoryMemberSchema,
  httpMemberDirectory,
  staticMemberDirectory,
  type DirectoryMember,
  type MemberDirectory,
} from '../activities/adapters/member-directory';
import { ID_PATTERN } from '../api/schemas/common';
import { DEV_MEMBERS_FILE, type AppConfig } from './env';
import { ConfigError, loadJsonFile } from './load-json';
import type { Roster } from './roster';

/** The MEMBERS_FILE format: `{ "members": [ { id, name, tier, credit, managerId } ] }`. */
export function membersFileSchema(roster: Roster) {
  const member = directoryMemberSchema
    .extend({
      id: z
        .string()
        .regex(ID_PATTERN, 'letters, digits and . _ : - (at most 128, starting with a letter or digit)'),
    })
    .strict();
  return z
    .object({ members: z.array(member) })
    .strict()
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.members.forEach((m, i) => {
        if (seen.has(m.id))
          ctx.addIssue({ code: 'custom', path: ['members', i, 'id'], message: `duplicate id "${m.id}"` });
        seen.add(m.id);
        if (roster.get(m.managerId)?.role !== 'manager') {
          ctx.addIssue({
            code: 'custom',
            path: ['members', i, 'managerId'],
            message: `"${m.managerId}" is not a manager in the roster`,
          });
        }
      });
    });
}

/** Reads and validates a members file against the roster; throws ConfigError naming the file and the field. */
export function loadMembers(file: string, roster: Roster): DirectoryMember[] {
  return loadJsonFile(file, membersFileSchema(roster), 'Members file').members;
}

/** The directory the API asks: over HTTP when a URL is configured, else the file, read once here. */
export function memberDirectoryFor(
  config: Pick<AppConfig, 'membersUrl' | 'membersFile' | 'membersTimeoutMs'>,
  roster: Roster,
): MemberDirectory {
  if (config.membersUrl !== undefined) return httpMemberDirectory(config.membersUrl, config.membersTimeoutMs);
  try {
    return staticMemberDirectory(loadMembers(config.membersFile, roster));
  } catch (err) {
    // the file nobody chose: say which setting replaces it, not only what is wrong inside it
    if (!(err instanceof ConfigError) || path.resolve(config.membersFile) !== DEV_MEMBERS_FILE) throw err;
    throw new ConfigError(
      `${err.message}. MEMBERS_FILE is unset, so the shipped development directory is read, whose members name ` +
        "the development roster's managers: with a ROSTER_FILE of your own, set MEMBERS_FILE to your members " +
        "(or MEMBERS_URL to the platform's member service)",
    );
  }
}
