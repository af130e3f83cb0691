import type { CaseTypeModule } from './case-type';
import { concierge } from './concierge';
import { dispute } from './dispute';
import { lostGoods } from './lost-goods';
import { travelCancellation } from './travel-cancellation';
import { visaHelp } from './visa-help';

/** The shipped case types, in the order the API documents them; a new type is one module plus its line here. */
export const SHIPPED_CASE_TYPES: readonly CaseTypeModule[] = [
  dispute,
  lostGoods,
  visaHelp,
  travelCancellation,
  concierge,
];

/** Case type modules by name. The API builds one per app; the workflow code reads `caseTypes` below. */
export class CaseTypeRegistry {
  private readonly byType = new Map<string, CaseTypeModule>();

  constructor(modules: readonly CaseTypeModule[] = SHIPPED_CASE_TYPES) {
    modules.forEach((m) => this.add(m));
  }

  add(module: CaseTypeModule): void {
    if (this.byType.has(module.type)) throw new Error(`case type ${module.type} is registered twice`);
    this.byType.set(module.type, module);
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  get(type: string): CaseTypeModule {
    const module = this.byType.get(type);
    if (!module) throw new Error(`unknown case type ${type} (known: ${this.types.join(', ')})`);
    return module;
  }

  get all(): CaseTypeModule[] {
    return [...this.byType.values()];
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }
}

/**
 * The types the workflow code knows: the shipped ones, plus any a workflows entry registers when it loads (a
 * deployment's or a test's own type: see test/case-types/). Loading is deterministic, so registering then is too.
 */
export const caseTypes = new CaseTypeRegistry();

export const registerCaseType = (module: CaseTypeModule): void => caseTypes.add(module);

export const caseTypeModule = (type: string): CaseTypeModule => caseTypes.get(type);
