/**
 * The dev server's SQLite file (DATA_DIR/temporal.sqlite) is in write-ahead-log mode, and a start the server
 * acknowledged survives the server being killed outright and started again on the same file.
 */
import { Client, Connection } from '@temporalio/client';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_SERVER_DB_FILE, startDevServer, type DevServer } from '../../platform/dev-server';
import { freePort } from '../../platform/free-port';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';

/** Bytes 18 and 19 of a SQLite file's header: 1 for the rollback journal, 2 for write-ahead logging. */
function journalVersions(file: string): [number, number] {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return [header[18]!, header[19]!];
}

async function describeStatus(address: string, workflowId: string): Promise<string> {
  const connection = await Connection.connect({ address });
  try {
    const described = await new Client({ connection }).workflow.getHandle(workflowId).describe();
    return described.status.name;
  } finally {
    await connection.close();
  }
}

test('the SQLite file is write-ahead logged, and an acknowledged start outlives a SIGKILL of the server', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dev-server-wal-'));
  const options = {
    cli: process.env.TEMPORAL_CLI_PATH ?? ensureTemporalBinaries().cli,
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    dataDir,
    logLevel: 'error' as const,
  };
  let server: DevServer = await startDevServer(options);
  try {
    expect(journalVersions(path.join(dataDir, DEV_SERVER_DB_FILE))).toEqual([2, 2]);

    const connection = await Connection.connect({ address: server.address });
    try {
      await new Client({ connection }).workflow.start('noWorkerRunsThis', {
        taskQueue: 'nobody-polls',
        workflowId: 'acknowledged-start',
        args: [],
      });
    } finally {
      await connection.close();
    }
    process.kill(server.pid, 'SIGKILL');
    await server.exited;

    server = await startDevServer(options);
    expect(await describeStatus(server.address, 'acknowledged-start')).toBe('RUNNING');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
