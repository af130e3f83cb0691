/** Turning a validated POST /v1/cases into the workflow's start: its id, its request hash and its input. */
import { createHash, randomBytes } from 'node:crypto';
import { capturePolicy, type Policy } from '../../config/policy';
import { toPerson, type Roster } from '../../config/roster';
import { viewFor } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypes as shippedCaseTypes, type CaseTypeRegistry } from '../../workflows/case-types';
import type { Actor, CallerCaseView, Member } from '../../workflows/domain';
import type { OpenCaseInput } from '../../workflows/open-case-input';
import { ENGINE_GENERATION } from '../../workflows/engine-generation';
import { RecordMeter } from '../../workflows/record-budget';
import { caseSearchAttributes, caseStaticSummary } from '../../workflows/search-attributes';
import { validationFailed } from '../errors';
import { resolveLocalDates } from './local-dates';
import type { OpenCaseBody } from '../schemas/open-case';
import type { StartCase } from '../temporal/case-client';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `case-<token>`. With an Idempotency-Key the token is derived from (principal, key), so a retry lands on the
 * same workflow id and Temporal's id uniqueness does the deduplication; without one it is time-sortable random.
 */
export function caseIdFor(principalId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey !== undefined) return `case-${sha256(`${principalId}\n${idempotencyKey}`).slice(0, 20)}`;
  return `case-${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  // as JSON.stringify does: a value that says how it is written (a date as sent) is written so
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHashOf = (body: OpenCaseBody) => sha256(canonicalJson(body));

/** A body's manager id (the member's dedicated manager, a reassignment's new owner) must name a manager in the roster; a 400 naming the field otherwise. */
export function rosterManager(roster: Roster, managerId: string, path: string) {
  const manager = roster.get(managerId);
  if (manager?.role !== 'manager') {
    throw validationFailed('body', [
      {
        path,
        code: 'unknown_manager',
        message: `"${managerId}" is not a manager in the roster`,
      },
    ]);
  }
  return manager;
}

export function startCaseRequest(a: {
  caseId: string;
  body: OpenCaseBody;
  /** The member's facts: as the platform stated them, or from the member directory (member-facts.ts). */
  member: Member;
  openedBy: Actor;
  roster: Roster;
  policy: Policy;
  now: number;
  /** The app's case types (whose policy keys the case captures); default: the shipped ones. */
  caseTypes?: CaseTypeRegistry;
}): StartCase {
  const { body, member } = a;
  const manager = rosterManager(a.roster, member.managerId, 'member.managerId');
  const policy = capturePolicy(a.policy, member.tier, a.now, (a.caseTypes ?? shippedCaseTypes).all);
  const openedBy: Actor = { id: a.openedBy.id, role: a.openedBy.role };
  const input: OpenCaseInput = {
    id: a.caseId,
    type: body.type,
    member,
    summary: body.summary,
    details: resolveLocalDates(body.details, a.policy.dateTimeZone) as Record<string, unknown>,
    manager: toPerson(manager),
    ladder: a.roster.ladderFor(manager.id),
    policy,
    openedBy,
    requestedAt: a.now,
    generation: ENGINE_GENERATION,
  };
  const index = { type: body.type, tier: member.tier, memberId: member.id, managerId: manager.id };
  return {
    input,
    openingId: randomBytes(12).toString('hex'),
    requestHash: requestHashOf(body),
    searchAttributes: caseSearchAttributes({
      ...index,
      status: 'awaiting_callback',
      assigneeId: manager.id,
      escalationLevel: 0,
      breached: false,
      // as the case opens (its callback due, in business hours where the tier has a calendar)
      nextDueAt: openCase(input, a.now).view.nextDueAt,
    }),
    // Ids and kinds only: the Temporal UI shows these to every engineer (no names, no free text).
    staticSummary: caseStaticSummary(index),
    staticDetails: `Opened by ${openedBy.id} (${openedBy.role}) for member ${member.id} (${member.tier}); dedicated manager ${manager.id}`,
  };
}

/**
 * The case as the workflow opens it, as `caller` sees it: the same pure code on the same input and time (the
 * workflow opens at `requestedAt`), so the API answers without reading the view back from the workflow.
 */
export function openedView(
  input: OpenCaseInput,
  requestedAt: number,
  caller: Actor,
  caseTypes: CaseTypeRegistry = shippedCaseTypes,
): CallerCaseView {
  const state = openCase({ ...input, requestedAt }, requestedAt);
  const engine = new CaseEngine(state, caseTypes.get(input.type));
  return viewFor(engine, new RecordMeter(state), caller);
}
