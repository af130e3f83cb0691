import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import { temporalAddress, type TemporalSettings } from './env';
import { ConfigError } from './load-json';

/** A TLS file the environment names; a ConfigError naming the variable when it cannot be read. */
function tlsFile(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${variable} ${file} cannot be read: ${(err as Error).message}`);
  }
}

/** Connection options shared by the client (API) and the worker's NativeConnection. */
export function connectionOptions(t: TemporalSettings): ConnectionOptions {
  const tls = t.tls
    ? {
        serverNameOverride: t.tls.serverName,
        serverRootCACertificate: t.tls.serverRootCaPath
          ? tlsFile('TEMPORAL_TLS_CA', t.tls.serverRootCaPath)
          : undefined,
        clientCertPair:
          t.tls.clientCertPath && t.tls.clientKeyPath
            ? {
                crt: tlsFile('TEMPORAL_TLS_CERT', t.tls.clientCertPath),
                key: tlsFile('TEMPORAL_TLS_KEY', t.tls.clientKeyPath),
              }
            : undefined,
      }
    : undefined;
  return {
    address: temporalAddress(t),
    tls,
    apiKey: t.apiKey,
    metadata: t.apiKey ? { 'temporal-namespace': t.namespace } : undefined,
  };
}

/**
 * A process's first connection to Temporal; one that fails says where it looked and what to set, not only what the
 * transport said (a worker or an API started alone, with no `npm start` running and TEMPORAL_ADDRESS unset).
 */
export async function connectOrExplain<T>(t: TemporalSettings, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const said = String((err as Error).message ?? err).split('\n')[0];
    throw new ConfigError(
      `cannot connect to Temporal at ${temporalAddress(t)} (${said}): ` +
        (t.address === undefined
          ? 'TEMPORAL_ADDRESS is unset, so the dev server of a running npm start is expected there (TEMPORAL_PORT): ' +
            'run npm start, or set TEMPORAL_ADDRESS to your cluster'
          : 'check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the TLS settings'),
    );
  }
}
