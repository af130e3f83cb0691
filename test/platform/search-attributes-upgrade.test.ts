/**
 * A DATA_DIR kept from an older release: its SQLite file has the case search attributes of that release, and the
 * dev server's `--search-attribute` flags register attributes in a new file only. `npm start` adds the ones
 * added since (here `CasePendingApprovals`), so the lists that filter on them and the cases that upsert them work.
 */
import { Connection } from '@temporalio/client';
import { startDevServer } from '../../platform/dev-server';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES, SA } from '../../workflows/search-attributes';
import { Cluster } from '../support/cluster';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { policyJson } from '../support/policy';
import { Processes } from '../support/processes';
import { token } from '../support/tokens';

jest.setTimeout(240_000);

const procs = new Processes();
let setup: LauncherSetup | undefined;
let cluster: Cluster | undefined;

afterAll(async () => {
  await procs.stopAll();
  setup?.remove();
  await cluster?.stop();
});

async function customAttributes(address: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return Object.keys(res.customAttributes ?? {});
  } finally {
    await connection.close();
  }
}

test('npm start on a DATA_DIR of an older release adds the search attributes it lacks', async () => {
  setup = await launcherSetup('concierge-sa-upgrade-', { policy: policyJson() });
  const address = `127.0.0.1:${setup.env.TEMPORAL_PORT}`;
  const older = await startDevServer({
    cli: process.env.TEMPORAL_CLI_PATH ?? ensureTemporalBinaries().cli,
    port: Number(setup.env.TEMPORAL_PORT),
    uiPort: setup.uiPort,
    namespace: 'default',
    dataDir: setup.dataDir,
    logLevel: 'error',
    searchAttributes: CASE_SEARCH_ATTRIBUTES.filter((k) => k.name !== SA.pendingApprovals.name),
  });
  try {
    expect(await customAttributes(address)).not.toContain(SA.pendingApprovals.name);
  } finally {
    await older.stop();
  }

  const stack = await procs.startStack(setup.base, setup.env);
  expect(await customAttributes(address)).toEqual(
    expect.arrayContaining(CASE_SEARCH_ATTRIBUTES.map((k) => k.name)),
  );
  const res = await fetch(`${setup.base}/v1/cases?awaitingApproval=true`, {
    headers: { authorization: `Bearer ${token('sup-zheng')}` },
  });
  expect(res.status).toBe(200);
  expect(stack.tail()).toContain(SA.pendingApprovals.name); // the start-up log says what it added
});

test('an API deployed before the workers of its release adds the search attributes its lists filter on', async () => {
  cluster = await Cluster.start({
    searchAttributes: CASE_SEARCH_ATTRIBUTES.filter((k) => k.name !== SA.pendingApprovals.name),
  });
  const api = await cluster.api('api');
  const res = await api.call('GET', '/v1/cases?awaitingApproval=true', 'sup-zheng');
  expect(res.status).toBe(200);
  expect(api.proc.output()).toContain(SA.pendingApprovals.name); // the start-up log says what it added
});
