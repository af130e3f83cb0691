/**
 * The case view is serialized with a forward zod parse (api/schemas/serializer.ts) instead of the library's
 * `safeEncode`: the same bytes for every view, unknown keys stripped the same way, and a view the schema refuses
 * is still a ResponseSerializationError (a 500). Other schemas keep the library's serializer.
 */
import { serializerCompiler, ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseIdFor, openedView, startCaseRequest } from '../../api/cases/open-case';
import { caseViewSchema } from '../../api/schemas/case-view';
import { responseSerializerCompiler } from '../../api/schemas/serializer';
import { DEV_ROSTER_FILE } from '../../config/env';
import { Roster } from '../../config/roster';
import type { Actor } from '../../workflows/domain';
import { testPolicy } from '../support/policy';

const now = Date.parse('2026-12-02T10:00:00Z');
const at = (min: number) => new Date(now + min * 60_000).toISOString();
const APP: Actor = { id: 'app', role: 'system' };
const MANAGER: Actor = { id: 'mgr-xinyao', role: 'manager' };
const member = {
  id: 'm-1',
  name: 'Wei',
  tier: 'apass' as const,
  credit: 'good' as const,
  managerId: 'mgr-xinyao',
};
const { input } = startCaseRequest({
  caseId: caseIdFor(APP.id, 'serializer'),
  body: { type: 'concierge', member, summary: 'A table', details: { request: 'A table for two', guests: 2 } },
  member,
  openedBy: APP,
  roster: Roster.load(DEV_ROSTER_FILE),
  policy: testPolicy(),
  now,
});
const links = { self: `/v1/cases/${input.id}`, temporalUi: `http://localhost:8233/x/${input.id}` };
const opened = (caller: Actor) => ({ ...openedView(input, now, caller), links });

const amount = (fen: number) => ({ amount: fen, currency: 'CNY' });
/** A view with every optional part filled: compensations, ledger, links, resolution, rating, a long timeline. */
const full = {
  ...opened(MANAGER),
  status: 'closed',
  escalationLevel: 2,
  compensations: [
    {
      id: 'c1',
      kind: 'instant_refund',
      amount: amount(12_000),
      reason: 'late',
      status: 'executed',
      proposedBy: 'mgr-xinyao',
      proposedAt: at(5),
      approvedBy: 'sup-zheng',
      rejectedBy: null,
      payee: 'member',
      recovery: { status: 'collecting', amount: amount(5_000) },
      note: null,
      rule: 'over the manager limit',
      approvalDueAt: at(65),
      steps: [{ name: 'pay', status: 'done', reference: 'pay-1' }],
    },
  ],
  ledger: {
    paid: amount(12_000),
    recovered: amount(0),
    absorbed: amount(0),
    entries: [
      {
        at: at(6),
        compensationId: 'c1',
        kind: 'instant_refund',
        direction: 'paid',
        amount: amount(12_000),
        payee: 'member',
        approvedBy: 'sup-zheng',
        reference: 'pay-1',
      },
    ],
  },
  linkedCases: [{ id: 'case-2', type: 'concierge', relation: 'follow_up' }],
  resolution: { code: 'done', summary: 'booked', resolvedAt: at(30), resolvedBy: 'mgr-xinyao' },
  rating: { score: 5, comment: null, at: at(40) },
  closedAt: at(50),
  timeline: Array.from({ length: 20 }, (_, i) => ({
    at: at(i),
    kind: 'note',
    actor: 'mgr-xinyao',
    text: `n${i}`,
  })),
};

const route = (schema: unknown) => ({
  schema,
  method: 'POST',
  url: '/v1/cases/:id/notes',
  httpStatus: '200',
});
const library = serializerCompiler(route(caseViewSchema) as never);
const ours = responseSerializerCompiler(route(caseViewSchema) as never);
const ours201 = responseSerializerCompiler(route(caseViewSchema.describe('opened')) as never);

describe('the case view serializer', () => {
  it.each([
    ['opened, for the platform', opened(APP)],
    ['opened, for its manager', opened(MANAGER)],
    ['with every part filled', full],
    [
      'with keys the schema does not know (stripped)',
      { ...full, secret: 'x', member: { ...member, vip: 1 } },
    ],
  ])('writes the bytes the library writes: %s', (_name, view) => {
    expect(ours(view)).toBe(library(view));
    expect(ours201(view)).toBe(library(view));
    expect(JSON.parse(ours(view))).not.toHaveProperty('secret');
  });

  it.each([
    ['an unknown status', { ...full, status: 'lost' }],
    ['an instant that is not one', { ...full, openedAt: 'yesterday' }],
    ['a missing field', { ...full, links: undefined }],
    ['a fractional amount', { ...full, ledger: { ...full.ledger, paid: amount(1.5) } }],
  ])('refuses what the library refuses: %s', (_name, view) => {
    expect(() => library(view)).toThrow(ResponseSerializationError);
    expect(() => ours(view)).toThrow(ResponseSerializationError);
  });

  it("leaves other schemas to the library's serializer", () => {
    const other = z.object({ status: z.literal('ok'), note: z.string().trim() });
    const serialize = responseSerializerCompiler(route(other) as never);
    expect(serialize({ status: 'ok', note: ' a ' })).toBe(
      serializerCompiler(route(other) as never)({ status: 'ok', note: ' a ' }),
    );
    expect(() => serialize({ status: 'no', note: '' })).toThrow(ResponseSerializationError);
  });
});
