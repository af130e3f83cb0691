import type { CaseTypeModule } from './case-type';

/** Free-form tasks: the common lifecycle and compensation, no type-specific steps. */
export const concierge: CaseTypeModule = {
  type: 'concierge',
  details: ({ z, text }) => z.strictObject({ request: text(2000) }),
};
