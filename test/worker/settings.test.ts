/** Worker tuning, metrics port and workflow bundle from the environment: defaults, overrides, clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, WORKER_DEFAULTS } from '../../config/env';
import { ConfigError } from '../../config/load-json';
import { workerSettings } from '../../worker/settings';

test('defaults: the tuning the bench chose, bundling at start, metrics on 9464', () => {
  const config = loadConfig({});
  expect(config.metricsPort).toBe(9464);
  expect(config.metricsPortExplicit).toBe(false);
  expect(workerSettings(config)).toEqual({
    tuning: {
      maxCachedWorkflows: WORKER_DEFAULTS.maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: WORKER_DEFAULTS.maxConcurrentWorkflowTaskExecutions,
      maxConcurrentActivityTaskExecutions: WORKER_DEFAULTS.maxConcurrentActivityTaskExecutions,
      stickyQueueScheduleToStartTimeout: 10_000,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
    },
  });
});

test('pollers on the server feedback instead, when asked', () => {
  const { tuning } = workerSettings(loadConfig({ WORKER_POLLERS: 'autoscaling' }));
  expect(tuning?.workflowTaskPollerBehavior).toEqual({ type: 'autoscaling' });
  expect(tuning?.activityTaskPollerBehavior).toEqual({ type: 'autoscaling' });
});

test('overrides: cache, slots (capped at the cache), sticky timeout, fixed pollers, metrics off', () => {
  const config = loadConfig({
    WORKER_MAX_CACHED_WORKFLOWS: '8',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '7',
    WORKER_STICKY_TIMEOUT: '3s',
    WORKER_POLLERS: '12',
    METRICS_PORT: 'off',
  });
  expect(config.metricsPort).toBeUndefined();
  expect(workerSettings(config).tuning).toEqual({
    maxCachedWorkflows: 8,
    maxConcurrentWorkflowTaskExecutions: 8,
    maxConcurrentActivityTaskExecutions: 7,
    stickyQueueScheduleToStartTimeout: 3_000,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 12 },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 12 },
  });
});

test.each([
  ['WORKER_MAX_CACHED_WORKFLOWS', '-1'],
  ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1'],
  ['WORKER_STICKY_TIMEOUT', 'soon'],
  ['WORKER_POLLERS', 'many'],
  ['METRICS_PORT', '70000'],
])('a bad %s (%s) stops start-up naming the variable', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(name);
});

test('WORKFLOW_BUNDLE: a prebuilt bundle is used by path; a missing one is a configuration error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  try {
    const bundle = path.join(dir, 'workflow-bundle.js');
    expect(() => workerSettings(loadConfig({ WORKFLOW_BUNDLE: bundle }))).toThrow(
      /WORKFLOW_BUNDLE.*does not exist/,
    );
    writeFileSync(bundle, '// bundle');
    expect(workerSettings(loadConfig({ WORKFLOW_BUNDLE: bundle })).workflowBundle).toEqual({
      codePath: bundle,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
