/**
 * HTTP_KEEP_ALIVE_TIMEOUT: a duration in whole seconds, validated with a message naming it, 5 s by default (the
 * same as an app built without a config); an API started from the config (startApiServer, as api/main.ts and
 * npm start do) advertises it on every keep-alive answer.
 */
import { Client, Connection } from '@temporalio/client';
import http from 'node:http';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from '../../api/plugins/graceful-close';
import { startApiServer } from '../../api/server';
import { loadConfig } from '../../config/env';
import { ConfigError } from '../../config/load-json';
import { keepAliveGet } from '../support/http-requests';
import { freePort } from '../support/ports';

test('defaults to 5 s, the keep-alive of an app built without a config', () => {
  expect(loadConfig({}).httpKeepAliveTimeoutMs).toBe(5_000);
  expect(DEFAULT_KEEP_ALIVE_TIMEOUT_MS).toBe(5_000);
  expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: '75s' }).httpKeepAliveTimeoutMs).toBe(75_000);
  expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: '2m' }).httpKeepAliveTimeoutMs).toBe(120_000);
});

test.each(['soon', '0s', '1500ms', '2h', '-5s'])(
  'HTTP_KEEP_ALIVE_TIMEOUT=%s stops start-up naming the variable',
  (value) => {
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: value })).toThrow('HTTP_KEEP_ALIVE_TIMEOUT');
  },
);

test('an API started from the config advertises the configured keep-alive', async () => {
  const config = loadConfig({
    HTTP_KEEP_ALIVE_TIMEOUT: '65s',
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
  });
  // Never dialled: the OpenAPI document needs no Temporal.
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const app = await startApiServer(config, new Client({ connection }));
  const agent = new http.Agent({ keepAlive: true });
  try {
    const answer = await keepAliveGet(agent, config.port, '/docs/json');
    expect(answer).toMatchObject({ status: 200, connection: 'keep-alive', keepAlive: 'timeout=65' });
    expect(app.server.keepAliveTimeout).toBe(65_000);
  } finally {
    agent.destroy();
    await app.close();
    await connection.close();
  }
});
