/**
 * POST /v1/cases/{id}/{action}: one row per action of API.md. Each row names the workflow update it runs,
 * the body it accepts and how the body becomes the update's argument. Who may call it comes from
 * workflows/permissions.ts, the same table the workflow's validators use.
 */
import type { UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { toPerson, type Roster } from '../../config/roster';
import { ROLES, type Actor, type CallerCaseView, type Role } from '../../workflows/domain';
import {
  type Acting,
  approveCompensationUpdate,
  callbackUpdate,
  cancelUpdate,
  escalateUpdate,
  noteUpdate,
  proposeCompensationUpdate,
  rateUpdate,
  reassignUpdate,
  rejectCompensationUpdate,
  reopenUpdate,
  resolveUpdate,
  resumeUpdate,
  thirdPartyResponseUpdate,
  waitUpdate,
} from '../../workflows/messages';
import { roleMayAct, type CaseAction } from '../../workflows/permissions';
import { validationFailed } from '../errors';
import { actionBodies as bodies } from '../schemas/actions';

export interface ActionContext {
  actor: Actor;
  /** Path parameters besides the case id (the compensation id). */
  compensationId?: string;
  roster: Roster;
}

export interface CaseActionRoute<B extends z.ZodType = z.ZodType, A extends Acting = Acting> {
  /** Path after /v1/cases/{id}/. */
  path: string;
  rule: CaseAction;
  update: UpdateDefinition<CallerCaseView, [A]>;
  body: B;
  summary: string;
  toArgs: (body: z.output<B>, ctx: ActionContext) => A;
}

const route = <B extends z.ZodType, A extends Acting>(r: CaseActionRoute<B, A>) =>
  r as unknown as CaseActionRoute;

/** Most updates take the body as it is, plus who is acting. */
const withActor = <T extends object>(body: T, { actor }: ActionContext) => ({ ...body, actor });

const withCompensation = <T extends object>(body: T, { actor, compensationId }: ActionContext) => ({
  ...body,
  actor,
  compensationId: compensationId ?? '',
});

export const CASE_ACTIONS: CaseActionRoute[] = [
  route({
    path: 'callback',
    rule: 'callback',
    update: callbackUpdate,
    body: bodies.callback,
    toArgs: withActor,
    summary:
      'Record the callback: the member was reached; the callback SLA is met and the case is in progress',
  }),
  route({
    path: 'notes',
    rule: 'notes',
    update: noteUpdate,
    body: bodies.notes,
    toArgs: withActor,
    summary: 'Add a note to the timeline',
  }),
  route({
    path: 'wait',
    rule: 'wait',
    update: waitUpdate,
    body: bodies.wait,
    toArgs: withActor,
    summary: 'Wait on the member (pauses the resolution clock) or on a third party',
  }),
  route({
    path: 'resume',
    rule: 'resume',
    update: resumeUpdate,
    body: bodies.resume,
    toArgs: withActor,
    summary: 'Back to in_progress after a wait',
  }),
  route({
    path: 'third-party-response',
    rule: 'third-party-response',
    update: thirdPartyResponseUpdate,
    body: bodies.thirdPartyResponse,
    toArgs: withActor,
    summary: "Record a merchant's, carrier's or consulate's answer; the case type's step advances",
  }),
  route({
    path: 'compensations',
    rule: 'compensations',
    update: proposeCompensationUpdate,
    body: bodies.proposeCompensation,
    toArgs: withActor,
    summary: 'Propose a compensation: executes at once within limits, else waits for approval',
  }),
  route({
    path: 'compensations/:compensationId/approve',
    rule: 'approve',
    update: approveCompensationUpdate,
    body: bodies.approveCompensation,
    toArgs: withCompensation,
    summary: 'Approve a compensation waiting for approval (supervisor+, not the proposer); it executes',
  }),
  route({
    path: 'compensations/:compensationId/reject',
    rule: 'reject',
    update: rejectCompensationUpdate,
    body: bodies.rejectCompensation,
    toArgs: withCompensation,
    summary: 'Reject a compensation waiting for approval',
  }),
  route({
    path: 'escalate',
    rule: 'escalate',
    update: escalateUpdate,
    body: bodies.escalate,
    toArgs: withActor,
    summary: 'Escalate the case one level up the ladder',
  }),
  route({
    path: 'reassign',
    rule: 'reassign',
    update: reassignUpdate,
    body: bodies.reassign,
    toArgs: ({ managerId, reason }, { actor, roster }) => {
      const manager = roster.get(managerId);
      if (manager?.role !== 'manager') {
        throw validationFailed('body', [
          {
            path: 'managerId',
            code: 'unknown_manager',
            message: `"${managerId}" is not a manager in the roster`,
          },
        ]);
      }
      return { actor, reason, manager: toPerson(manager), ladder: roster.ladderFor(manager.id) };
    },
    summary: "Give the case to another manager, who becomes the member's dedicated manager for it",
  }),
  route({
    path: 'resolve',
    rule: 'resolve',
    update: resolveUpdate,
    body: bodies.resolve,
    toArgs: withActor,
    summary: 'Resolve the case; the follow-up window opens',
  }),
  route({
    path: 'reopen',
    rule: 'reopen',
    update: reopenUpdate,
    body: bodies.reopen,
    toArgs: withActor,
    summary: 'Reopen a resolved case inside its follow-up window, with a fresh resolution clock',
  }),
  route({
    path: 'rate',
    rule: 'rate',
    update: rateUpdate,
    body: bodies.rate,
    toArgs: withActor,
    summary: "Record the member's rating, after resolution",
  }),
  route({
    path: 'cancel',
    rule: 'cancel',
    update: cancelUpdate,
    body: bodies.cancel,
    toArgs: withActor,
    summary: 'Cancel the case (the member withdrew); unfinished compensation is undone',
  }),
];

export const rolesFor = (rule: CaseAction): Role[] => ROLES.filter((role) => roleMayAct(rule, role));
