import { invalidTransition } from '../rejection';
import type { CaseTypeModule } from './case-type';

/** Free-form tasks: the common lifecycle and compensation, no type-specific steps. */
export const concierge: CaseTypeModule = {
  type: 'concierge',
  checkThirdPartyResponse() {
    invalidTransition('a concierge case has no third-party step; record what happened as a note');
  },
  applyThirdPartyResponse() {},
};
