/**
 * The Prometheus endpoint (METRICS_PORT) listens on loopback unless METRICS_HOST opens it up, whatever HOST the
 * API listens on: metrics carry no personal data, but do carry operational detail.
 */
import os from 'node:os';
import { loadConfig } from '../../config/env';
import { metricsBindAddress } from '../../platform/temporal-runtime';
import { cleanEnv, Processes } from '../support/processes';
import { freePort } from '../support/ports';

const procs = new Processes();
afterAll(() => procs.stopAll());

/** An address of this machine other than loopback, if it has one. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

const answers = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return 'refused';
  }
};

async function metricsProcess(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const proc = procs.node(
    'metrics-only',
    'test/support/metrics-only.ts',
    cleanEnv({ ...env, METRICS_PORT: String(port) }),
  );
  await proc.waitForOutput(/metrics at http/, 60_000);
  return port;
}

test('METRICS_HOST defaults to loopback, separately from HOST', () => {
  expect(metricsBindAddress(loadConfig({ HOST: '0.0.0.0' }))).toBe('127.0.0.1:9464');
  expect(metricsBindAddress(loadConfig({ METRICS_HOST: '0.0.0.0', METRICS_PORT: '9500' }))).toBe(
    '0.0.0.0:9500',
  );
  expect(metricsBindAddress(loadConfig({ METRICS_HOST: '::1' }))).toBe('[::1]:9464');
});

test('with HOST=0.0.0.0 the endpoint answers on loopback only', async () => {
  const port = await metricsProcess({ HOST: '0.0.0.0' });
  expect(await answers(`http://127.0.0.1:${port}/metrics`)).toBe(200);
  if (outside) expect(await answers(`http://${outside}:${port}/metrics`)).toBe('refused');
});

(outside ? test : test.skip)('METRICS_HOST=0.0.0.0 lets a scraper elsewhere in', async () => {
  const port = await metricsProcess({ METRICS_HOST: '0.0.0.0' });
  expect(await answers(`http://${outside}:${port}/metrics`)).toBe(200);
});
