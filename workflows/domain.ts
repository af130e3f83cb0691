/**
 * Domain vocabulary shared by workflows, activities, API and tests.
 * Types and plain constants only: this module is bundled into workflow code.
 */

import type { CapturedCalendar } from './business-hours';

export const CASE_TYPES = ['dispute', 'lost_goods', 'visa_help', 'travel_cancellation', 'concierge'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
/**
 * A case type's name as the engine keys it: one of the contract's five, or a type a deployment registers
 * (workflows/case-types/index.ts). The string branch keeps `CaseType`'s names offered while letting a plug-in fit.
 */
export type CaseTypeName = CaseType | (string & {});

export const TIERS = ['apass_top', 'apass', 'super', 'standard'] as const;
export type Tier = (typeof TIERS)[number];

export const CREDIT_STANDINGS = ['good', 'fair', 'restricted'] as const;
export type Credit = (typeof CREDIT_STANDINGS)[number];

export const ROLES = ['system', 'manager', 'supervisor', 'head', 'engineer'] as const;
export type Role = (typeof ROLES)[number];

export const CASE_STATUSES = [
  'awaiting_callback',
  'in_progress',
  'waiting_on_member',
  'waiting_on_third_party',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** After the callback and before the resolution: the work on the case is under way. */
export const OPEN_WORK_STATUSES: readonly CaseStatus[] = [
  'in_progress',
  'waiting_on_member',
  'waiting_on_third_party',
];
/** Not resolved yet: what a manager's queue holds. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['awaiting_callback', ...OPEN_WORK_STATUSES];
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'cancelled'];

export const COMPENSATION_KINDS = [
  'instant_refund',
  'advance_refund',
  'goodwill_gift',
  'substitute_purchase',
  'penalty_cover',
  'reship',
] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

/** Refunds of the order's price count against the tier's instant-refund limit and the member's credit. */
export const PRICE_REFUND_KINDS: readonly CompensationKind[] = ['instant_refund', 'advance_refund'];

/** Kinds that pay the case's merchant (a penalty, a reshipment) or recover from it (an advance refund). */
export const MERCHANT_KINDS: readonly CompensationKind[] = ['advance_refund', 'penalty_cover', 'reship'];

export const COMPENSATION_STATUSES = [
  'pending_approval',
  'executing',
  'executed',
  'rejected',
  'reversed',
  'failed',
] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];

/** What each third party may answer: the API's body schema and the workflow's check both read this table. */
export const THIRD_PARTY_ANSWERS = {
  merchant: ['accepted', 'refused'],
  carrier: ['found', 'lost'],
  consulate: ['approved', 'denied'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
export type ThirdParty = keyof typeof THIRD_PARTY_ANSWERS;
export type ThirdPartyOutcome = (typeof THIRD_PARTY_ANSWERS)[ThirdParty][number];

export const MAX_ESCALATION_LEVEL = 3;

export interface Money {
  /** Integer minor units (fen for CNY). */
  amount: number;
  currency: 'CNY';
}

export interface Member {
  id: string;
  name: string;
  tier: Tier;
  credit: Credit;
  managerId: string;
}

/** Someone who can own or act on a case. */
export interface Person {
  id: string;
  alias?: string;
  role: Role;
}

/** Who performed an action, as the API authenticated them. */
export interface Actor {
  id: string;
  role: Role;
}

/** Policy numbers for one tier, durations already in milliseconds. */
export interface TierPolicy {
  callbackSlaMs: number;
  resolutionSlaMs: number;
  instantRefundLimit: number;
  /** null = unlimited ("solve it whatever it costs"), still recorded. */
  managerAuthority: number | null;
  /** How long before each clock's due time its owner is warned (`warnBefore`); absent: no warning. */
  warnBeforeMs?: { callback?: number; resolution?: number };
  /**
   * The business-hours calendar the tier's SLA durations count in, its open time resolved to UTC instants when
   * the case opened (workflows/business-hours.ts). null, or absent in policies captured before it: 24/7.
   */
  calendar?: CapturedCalendar | null;
}

/** The policy in force when the case opened; captured in the start input so later file changes don't touch it. */
export interface CasePolicy {
  tier: TierPolicy;
  approvalTimeoutMs: number;
  followUpWindowMs: number;
  /**
   * Each case type's own policy numbers (its module's `policy` keys), in milliseconds, for every registered type:
   * a linked case of another type carries the same policy. Absent in policies captured before it (read with
   * `policyMs`, workflows/case-types/type-policy.ts, which falls back to the three fields below).
   */
  caseTypes?: Record<string, Record<string, number>>;
  /** Captured before `caseTypes`: dispute's merchantResponseWindow. */
  merchantResponseWindowMs?: number;
  /** Captured before `caseTypes`: lost_goods' carrierTraceWindow. */
  carrierTraceWindowMs?: number;
  /** Captured before `caseTypes`: visa_help's decisionBuffer. */
  visaDecisionBufferMs?: number;
  /**
   * A single compensation above this (minor units) waits for the head, whatever the tier. Absent in policies
   * captured before it was added: no ceiling for those cases.
   */
  headApprovalAbove?: number;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string;
  text: string;
}

export interface SlaClock {
  dueAt: string | null;
  metAt: string | null;
  breached: boolean;
}

export interface ResolutionClock {
  dueAt: string | null;
  pausedMs: number;
  /** Set while the case waits on the member; the due time moves by the paused time on resume. */
  pausedSince: string | null;
  /** While paused: the SLA time that was left when it paused (open time for a tier with a calendar). */
  leftWhenPausedMs?: number;
  breached: boolean;
}

export interface CompensationView {
  id: string;
  kind: CompensationKind;
  amount: Money;
  reason: string;
  status: CompensationStatus;
  proposedBy: string;
  /**
   * The platform's proposal (`proposedBy: system`): the people whose action or statement it stands on (who
   * recorded the merchant's refusal, who proposed or rejected the refund it makes up). None of them approves it.
   */
  setOffBy?: string[];
  proposedAt: string;
  approvedBy: string | null;
  rejectedBy: string | null;
  /** Where the money or goods went (member, merchant, vendor). */
  payee: string;
  /** Advance refunds: what the merchants have paid back, and whether the platform absorbed the rest. */
  recovery: Recovery | null;
  note: string | null;
  /** Why it needed approval (or why it did not), in words. */
  rule: string;
  approvalDueAt: string | null;
  steps: { name: string; status: string; reference: string | null }[];
}

export type RecoveryStatus = 'awaiting_merchant' | 'collecting' | 'recovered' | 'absorbed';

export interface Recovery {
  status: RecoveryStatus;
  /** What has been paid back so far. */
  amount: Money;
  /** A case with several merchants (a trip's bookings): each merchant's share and how far its collection got. */
  parts?: { merchantId: string; amount: Money; status: Exclude<RecoveryStatus, 'absorbed'> }[];
}

export interface LedgerEntry {
  at: string;
  compensationId: string;
  kind: CompensationKind;
  direction: 'paid' | 'reversed' | 'recovered' | 'absorbed';
  amount: Money;
  payee: string;
  approvedBy: string | null;
  reference: string;
}

export interface Ledger {
  paid: Money;
  recovered: Money;
  absorbed: Money;
  entries: LedgerEntry[];
}

export interface Resolution {
  code: string;
  summary: string;
  resolvedAt: string;
  resolvedBy: string;
}

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
}

export interface LinkedCase {
  id: string;
  type: CaseTypeName;
  relation: string;
}

/** The case view of API.md, minus `links` (added by the API, which knows its own URLs). */
export interface CaseView {
  id: string;
  type: CaseTypeName;
  status: CaseStatus;
  member: Member;
  summary: string;
  details: Record<string, unknown>;
  openedAt: string;
  openedBy: string;
  assignee: Person;
  /** The member's dedicated manager (level-0 owner); changes only on reassignment. */
  manager: Person;
  escalationLevel: number;
  sla: { callback: SlaClock; resolution: ResolutionClock };
  /** Soonest deadline the owner must act on (drives the manager queue order). */
  nextDueAt: string | null;
  compensations: CompensationView[];
  ledger: Ledger;
  linkedCases: LinkedCase[];
  resolution: Resolution | null;
  rating: Rating | null;
  followUpEndsAt: string | null;
  closedAt: string | null;
  timeline: TimelineEntry[];
}

/** One choice of an action's arguments that its check accepts now (`{ on: 'member' }`, `{ kind: 'goodwill_gift' }`). */
export type ActionChoice = Record<string, string>;

/** The case view as one caller sees it: the actions they may take now, as the API names them. */
export interface CallerCaseView extends CaseView {
  allowedActions: string[];
  /**
   * For an allowed action whose arguments are a choice (`wait`, `third-party-response`, `compensations`), the
   * choices its check accepts now: the console offers these, not every value the body's schema admits.
   */
  actionChoices: Record<string, ActionChoice[]>;
}
