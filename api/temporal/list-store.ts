/**
 * The Temporal store a case list's page tokens come from: one namespace of one cluster. The cluster's id lives in
 * the server's own store: a server restarted on its store keeps it, one whose store was replaced (a new SQLite
 * file, another cluster behind the same address) has another. A server reads a page token of another store as
 * its own and answers a wrong page; so each token carries its store's tag (page-token.ts), checked before the
 * token is sent.
 */
import type { Client } from '@temporalio/client';
import { grpcStatusOf, GrpcStatus } from '../../platform/grpc-status';

/** A server that does not tell its cluster to this caller (a cloud key without the right, say). */
const NOT_TOLD = new Set([GrpcStatus.PERMISSION_DENIED, GrpcStatus.UNIMPLEMENTED]);

export async function listStore(client: Client, namespace: string): Promise<string> {
  try {
    const { clusterId } = await client.workflowService.getClusterInfo({});
    return `${namespace}\0${clusterId ?? ''}`;
  } catch (err) {
    const code = grpcStatusOf(err);
    if (code === undefined || !NOT_TOLD.has(code)) throw err;
    return `${namespace}\0`; // the namespace alone tells the stores apart
  }
}
