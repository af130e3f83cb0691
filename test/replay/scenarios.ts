/**
 * Main paths of every case type, driven on the time-skipping server. `npm run record-histories` records their
 * histories as replay fixtures; the replay test runs every fixture against the current workflow code.
 *
 * Every scenario, in the order they are recorded: the main paths (scenarios-main-paths.ts), continue-as-new
 * (scenarios-continue-as-new.ts), SLA depth and trust (scenarios-sla.ts), then what a resolved case refuses
 * (scenarios-resolution.ts), then money edges (scenarios-money-edges.ts) and the platform's advance
 * (scenarios-platform-advance.ts), then actions waiting for a first task
 * (scenarios-first-task.ts), then steps and undos that never answer (scenarios-unanswered.ts). A scenario's name is its fixture's
 * file name (test/fixtures/histories/<label>/<name>.json): the newest label must hold every one of them.
 */
import type { Runs, ScenarioContext } from './scenario-cases';
import { continueAsNewScenarios } from './scenarios-continue-as-new';
import { firstTaskScenarios } from './scenarios-first-task';
import { mainPathScenarios } from './scenarios-main-paths';
import { moneyEdgeScenarios } from './scenarios-money-edges';
import { platformAdvanceScenarios } from './scenarios-platform-advance';
import { resolutionScenarios } from './scenarios-resolution';
import { slaScenarios } from './scenarios-sla';
import { unansweredScenarios } from './scenarios-unanswered';

export const scenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  ...mainPathScenarios,
  ...continueAsNewScenarios,
  ...slaScenarios,
  ...resolutionScenarios,
  ...moneyEdgeScenarios,
  ...platformAdvanceScenarios,
  ...firstTaskScenarios,
  ...unansweredScenarios,
};
