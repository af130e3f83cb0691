/**
 * One valid case of each shipped type: its details, the member's name and a summary. Workflow tests open them
 * with `ctx.open({ type })` (test/support/cases.ts fills the details in), API tests send `caseBody(type)`.
 * Overrides replace the top-level fields of the details a test cares about (an order id it asserts on, a price).
 */
import type { CaseType, Money } from '../../workflows/domain';

export const cny = (amount: number): Money => ({ amount, currency: 'CNY' });

export type Details = Record<string, unknown>;

interface Fixture {
  name: string;
  summary: string;
  details: () => Details;
}

const FIXTURES: Record<CaseType, Fixture> = {
  concierge: {
    name: 'Wei',
    summary: 'Recover lost wedding photos',
    details: () => ({ request: 'The photographer lost the card; find a recovery lab in Hangzhou' }),
  },
  dispute: {
    name: 'Lily',
    summary: 'Ruby pendant arrived without its chain',
    details: () => ({ orderId: 'o-77', merchantId: 'shop-9', price: cny(420_000), issue: 'missing_part' }),
  },
  lost_goods: {
    name: 'Lily',
    summary: 'A parcel the carrier cannot find',
    details: () => ({
      orderId: 'o-8080',
      merchantId: 'shop-2',
      price: cny(45_600),
      carrier: 'sf-express',
      trackingNo: 'SF1234567',
      neededBy: '2030-12-31T18:00:00.000Z',
    }),
  },
  visa_help: {
    name: 'Lily',
    summary: 'Visa for a family trip to France',
    details: () => ({
      destination: 'France',
      travelers: [{ name: 'Mei', relation: 'mother' }],
      departureDate: '2030-03-10',
      visaStatus: 'administrative_review',
    }),
  },
  travel_cancellation: {
    name: 'Lily',
    summary: 'Cancel a villa stay',
    details: () => ({
      bookingId: 'villa-5',
      merchantId: 'resort-8',
      price: cny(111_111),
      departureDate: '2030-02-01T10:00:00Z',
      reason: 'typhoon warning',
    }),
  },
};

/** Valid details of `type`, with `overrides` replacing (or, when undefined, removing) top-level fields. */
export function caseDetails(type: CaseType, overrides: Details = {}): Details {
  const details: Details = { ...FIXTURES[type].details(), ...overrides };
  for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete details[k];
  return details;
}

/** The member's name and the summary of the fixture of `type`. */
export const caseText = (type: CaseType) => ({ name: FIXTURES[type].name, summary: FIXTURES[type].summary });

let seq = 0;
/** A member id no other test uses, so list filters on it see only this test's cases. */
export const uniqueMemberId = (prefix = 'm') => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;

export interface BodyOverrides {
  memberId?: string;
  managerId?: string;
  tier?: string;
  credit?: string;
  details?: Details;
}

/** A valid `POST /v1/cases` body of `type` for a fresh member (apass, good credit, managed by mgr-xinyao). */
export function caseBody(type: CaseType, over: BodyOverrides = {}) {
  const { name, summary } = caseText(type);
  return {
    type,
    member: {
      id: over.memberId ?? uniqueMemberId(),
      name,
      tier: over.tier ?? 'apass',
      credit: over.credit ?? 'good',
      managerId: over.managerId ?? 'mgr-xinyao',
    },
    summary,
    details: caseDetails(type, over.details),
  };
}

/** A dispute body (price in fen, 4,200 CNY unless given). */
export const disputeBody = (over: Omit<BodyOverrides, 'details'> & { price?: number } = {}) => {
  const { price, ...rest } = over;
  return caseBody('dispute', { ...rest, details: price === undefined ? {} : { price: cny(price) } });
};

export const conciergeBody = (over: Omit<BodyOverrides, 'details'> = {}) => caseBody('concierge', over);
