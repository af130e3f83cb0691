import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import { temporalAddress, type TemporalSettings } from './env';

/** Connection options shared by the client (API) and the worker's NativeConnection. */
export function connectionOptions(t: TemporalSettings): ConnectionOptions {
  const tls = t.tls
    ? {
        serverNameOverride: t.tls.serverName,
        serverRootCACertificate: t.tls.serverRootCaPath ? readFileSync(t.tls.serverRootCaPath) : undefined,
        clientCertPair:
          t.tls.clientCertPath && t.tls.clientKeyPath
            ? { crt: readFileSync(t.tls.clientCertPath), key: readFileSync(t.tls.clientKeyPath) }
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
