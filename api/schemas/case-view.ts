/**
 * The case view as served: a zod mirror of `CaseView` (workflows/domain.ts) plus `links`.
 * Responses are serialized through it, so the OpenAPI document describes exactly what is sent.
 */
import { z } from 'zod';
import {
  CASE_STATUSES,
  COMPENSATION_KINDS,
  COMPENSATION_STATUSES,
  CREDIT_STANDINGS,
  ROLES,
  TIERS,
  type CallerCaseView,
} from '../../workflows/domain';
import { caseTypeName } from './common';

const instant = z.iso.datetime({ offset: true });
const amount = z.object({ amount: z.number().int(), currency: z.literal('CNY') });

const person = z
  .object({ id: z.string(), alias: z.string().optional(), role: z.enum(ROLES) })
  .meta({ id: 'Person' });

export const caseLinks = z
  .object({
    self: z.string().describe('this case in the API'),
    temporalUi: z.string().describe('the case workflow in the Temporal Web UI'),
  })
  .meta({ id: 'CaseLinks' });

const compensation = z.object({
  id: z.string(),
  kind: z.enum(COMPENSATION_KINDS),
  amount,
  reason: z.string(),
  status: z.enum(COMPENSATION_STATUSES),
  proposedBy: z.string(),
  setOffBy: z
    .array(z.string())
    .optional()
    .describe(
      "the platform's proposal: the people whose action it stands on (who recorded the merchant's refusal, who proposed or rejected the refund it makes up); none of them may approve it",
    ),
  proposedAt: instant,
  approvedBy: z.string().nullable(),
  rejectedBy: z.string().nullable(),
  payee: z.string(),
  recovery: z
    .object({
      status: z.enum(['awaiting_merchant', 'collecting', 'recovered', 'absorbed']),
      amount: amount.describe('what has been paid back so far'),
      parts: z
        .array(
          z.object({
            merchantId: z.string(),
            amount,
            status: z.enum(['awaiting_merchant', 'collecting', 'recovered']),
          }),
        )
        .optional()
        .describe(
          "several merchants (a trip's bookings): each one's share of the advance and its collection",
        ),
    })
    .nullable(),
  note: z.string().nullable(),
  rule: z.string().describe('why it needed approval, or why it did not'),
  approvalDueAt: instant.nullable(),
  steps: z.array(z.object({ name: z.string(), status: z.string(), reference: z.string().nullable() })),
});

const ledgerEntry = z.object({
  at: instant,
  compensationId: z.string(),
  kind: z.enum(COMPENSATION_KINDS),
  direction: z.enum(['paid', 'reversed', 'recovered', 'absorbed']),
  amount,
  payee: z.string(),
  approvedBy: z.string().nullable(),
  reference: z.string(),
});

export const caseViewSchema = z
  .object({
    id: z.string(),
    type: caseTypeName,
    status: z.enum(CASE_STATUSES),
    member: z.object({
      id: z.string(),
      name: z.string(),
      tier: z.enum(TIERS),
      credit: z.enum(CREDIT_STANDINGS),
      managerId: z.string(),
    }),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()).describe('as opened, per the case type'),
    openedAt: instant,
    openedBy: z.string(),
    assignee: person,
    manager: person.describe("the member's dedicated manager (level-0 owner)"),
    escalationLevel: z.number().int().min(0).max(3),
    sla: z.object({
      callback: z.object({ dueAt: instant.nullable(), metAt: instant.nullable(), breached: z.boolean() }),
      resolution: z.object({
        dueAt: instant.nullable(),
        pausedMs: z.number().int().min(0),
        pausedSince: instant.nullable(),
        leftWhenPausedMs: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe('while paused: the SLA time left when it paused (open time for a tier with a calendar)'),
        breached: z.boolean(),
      }),
    }),
    nextDueAt: instant.nullable(),
    compensations: z.array(compensation),
    ledger: z.object({ paid: amount, recovered: amount, absorbed: amount, entries: z.array(ledgerEntry) }),
    linkedCases: z.array(z.object({ id: z.string(), type: caseTypeName, relation: z.string() })),
    resolution: z
      .object({ code: z.string(), summary: z.string(), resolvedAt: instant, resolvedBy: z.string() })
      .nullable(),
    rating: z.object({ score: z.number().int(), comment: z.string().nullable(), at: instant }).nullable(),
    followUpEndsAt: instant.nullable(),
    closedAt: instant.nullable(),
    timeline: z.array(z.object({ at: instant, kind: z.string(), actor: z.string(), text: z.string() })),
    allowedActions: z
      .array(z.string())
      .describe(
        'the actions the caller may take on the case now, named as in the action paths (`compensations/c1/approve` with the id); computed by the same checks the case applies to the action itself',
      ),
    actionChoices: z
      .record(z.string(), z.array(z.record(z.string(), z.string())))
      .optional()
      .describe(
        'for each allowed action whose arguments are a choice (`wait`, `third-party-response`, `compensations`), the choices its check accepts now, e.g. `{"wait": [{"on": "third_party"}], "compensations": [{"kind": "goodwill_gift"}]}`: an amount or a text may still be refused. Absent from a case served by an older worker',
      ),
    links: caseLinks,
  })
  .meta({ id: 'CaseView' });

export type CaseViewWithLinks = z.output<typeof caseViewSchema>;

// The mirror must accept every CallerCaseView the workflow produces: this stops compiling when a field of
// domain.ts changes type or goes away (a new field is stripped from responses until it is mirrored here).
type Mirrored = Omit<z.input<typeof caseViewSchema>, 'links'>;
const _drift: (v: CallerCaseView) => Mirrored = (v) => v;
void _drift;
