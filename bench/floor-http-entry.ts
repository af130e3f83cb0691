/**
 * The floor behind an HTTP hop and nothing else (`--ladder`'s `floor http` rung): a process with the API's node
 * flags, a bare Fastify route (no auth, schemas, codec, notification or logging) that makes the floor's own
 * calls (bench/floor.ts: start, then query) and answers the workflow id. Against the floor made from the bench,
 * it prices what any HTTP API in front of the same Temporal calls costs on this machine.
 */
import { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import { CALL_TIMEOUT_MS, openFloor } from './floor-open';

async function main(): Promise<void> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection, namespace: 'default' });
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true }));
  app.post('/open', async () => ({ id: await openFloor(client, CALL_TIMEOUT_MS) }));
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  const stop = () => {
    void app
      .close()
      .then(() => connection.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`floor http failed: ${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
