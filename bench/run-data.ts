/** What a bench run measured, as the summary and its detail table read it (the report is summary.ts). */
import type { Scrape } from '../platform/prometheus-scrape';
import type { Comparison } from './ab';
import type { BurstResult } from './burst';
import type { CpuUse } from './drain';
import type { OpeningHistories } from './events';
import type { Deployment } from './stack';
import type { TimerRun } from './timers';

export interface DeploymentRun {
  deployment: Deployment;
  /** The opening comparison by concurrency. */
  open: Record<number, Comparison>;
}

export interface MainRun {
  update: Comparison;
  updateCpu: CpuUse;
  events: { perType: Record<string, number>; per100Actions: number };
  histories: OpeningHistories;
  burst: BurstResult;
  timers: TimerRun;
  timerCpu: CpuUse;
  /** The worker's peak resident set over the timer phase and the burst after it (judged), and over the first alone. */
  workerRssMb: number;
  workerRssTimersMb: number;
  rssReset: boolean;
  /** The split worker's resident set once the floor stopped, and before the timer phase (its peak reset then). */
  workerRssAfterFloorMb: number;
  workerRssBeforeTimersMb: number;
  apiRssMb: number;
  scrape: Scrape;
}

export interface SummaryInput {
  mode: string;
  settings: {
    deployments: Deployment[];
    main: Deployment;
    concurrencies: number[];
    rounds: number;
  };
  loadAvg: number[];
  runs: DeploymentRun[];
  main: MainRun;
}
