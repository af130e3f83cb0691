import type { CaseType } from '../domain';
import type { CaseTypeModule } from './case-type';
import { concierge } from './concierge';

const modules: Record<CaseType, CaseTypeModule> = {
  dispute: concierge,
  lost_goods: concierge,
  visa_help: concierge,
  travel_cancellation: concierge,
  concierge,
};

export function caseTypeModule(type: CaseType): CaseTypeModule {
  return modules[type];
}
