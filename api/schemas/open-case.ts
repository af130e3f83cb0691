/** POST /v1/cases: the body, discriminated by the case `type`, with `details` per type (API.md "Opening a case"). */
import { z } from 'zod';
import type { DetailsKit } from '../../workflows/case-types/case-type';
import type { CaseTypeRegistry } from '../../workflows/case-types';
import { CREDIT_STANDINGS, TIERS, type CaseTypeName } from '../../workflows/domain';
import {
  dateOrDateTime,
  dateTime,
  id,
  idempotencyKeyHeaders,
  managerId,
  money,
  positiveMoney,
  text,
} from './common';

/** The member's facts other than the id: stated by the platform, looked up for everyone else. */
export const MEMBER_FACTS = ['name', 'tier', 'credit', 'managerId'] as const;

const member = z
  .strictObject({
    id: id.describe("the member's id on the platform"),
    name: text(200).optional(),
    tier: z.enum(TIERS).optional(),
    credit: z.enum(CREDIT_STANDINGS).optional(),
    managerId: managerId.optional(),
  })
  .describe(
    "The member's facts are the platform's, never the asker's. The platform (`system`) states them all: " +
      '`name`, `tier`, `credit` and `managerId` are required from it (400 naming the missing field). ' +
      'A manager, supervisor or head names the member by `id`; the other fields may be left out and come ' +
      'from the member directory. A stated value that differs from the directory is 403 forbidden; a member ' +
      'the directory does not know is 400 validation_failed naming `member.id`.',
  );

const summary = text(500);

/** What a case type's `details` schema is built from (workflows/case-types/case-type.ts). */
export const DETAILS_KIT: DetailsKit = { z, id, text, money, positiveMoney, dateTime, dateOrDateTime };

const body = <T extends string, D extends z.ZodType>(type: T, details: D) =>
  z.strictObject({ type: z.literal(type), member, summary, details });

/** The body as the route hands it on: the type names a registered module, `details` passed its schema. */
export interface OpenCaseBody {
  type: CaseTypeName;
  member: z.output<typeof member>;
  summary: string;
  details: Record<string, unknown>;
}

const bodies = new Map<string, z.ZodType<OpenCaseBody>>();

/**
 * The body of POST /v1/cases for these case types: discriminated by `type`, each type's `details` from its
 * module, in registry order (the OpenAPI document's `oneOf`). Built once per list of types.
 */
export function openCaseBodyFor(registry: CaseTypeRegistry): z.ZodType<OpenCaseBody> {
  const key = registry.types.join(',');
  let schema = bodies.get(key);
  if (!schema) {
    const [first, ...rest] = registry.all.map((m) => body(m.type, m.details(DETAILS_KIT)));
    if (!first) throw new Error('no case types registered');
    schema = z.discriminatedUnion('type', [first, ...rest]).meta({ id: 'OpenCase' });
    bodies.set(key, schema);
  }
  return schema;
}

export const openCaseHeaders = idempotencyKeyHeaders(
  'retries with the same key and body return the same case',
);
