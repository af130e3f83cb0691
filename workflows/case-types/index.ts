import type { CaseType } from '../domain';
import type { CaseTypeModule } from './case-type';
import { concierge } from './concierge';
import { dispute } from './dispute';
import { lostGoods } from './lost-goods';
import { travelCancellation } from './travel-cancellation';
import { visaHelp } from './visa-help';

/** Every case type's module; a new type is one module plus its line here. */
const modules: Record<CaseType, CaseTypeModule> = {
  dispute,
  lost_goods: lostGoods,
  visa_help: visaHelp,
  travel_cancellation: travelCancellation,
  concierge,
};

export function caseTypeModule(type: CaseType): CaseTypeModule {
  return modules[type];
}
