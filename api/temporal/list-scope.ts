/**
 * What a case list's page token is good for: one namespace of one Temporal cluster. The cluster's id lives in the
 * server's own store: a server restarted on its store keeps it, one whose store was replaced (a new SQLite file,
 * another cluster behind the same address) has another. Temporal cannot read a page token from another store: it
 * answers UNKNOWN, which the client retries to the call's deadline, so such a token got a 503 "try again" after
 * the whole deadline, for good. Signed with its scope (page-token.ts), it is refused at once with a 400.
 */
import type { Client } from '@temporalio/client';
import { grpcStatusOf, GrpcStatus } from '../../platform/grpc-status';

/** Codes that say the server was not reached in time: the list would fail too, so the caller gets the 503. */
const NOT_REACHED = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

export async function listScope(client: Client, namespace: string): Promise<string> {
  try {
    const { clusterId } = await client.workflowService.getClusterInfo({});
    return `${namespace}\0${clusterId ?? ''}`;
  } catch (err) {
    const code = grpcStatusOf(err);
    if (code === undefined || NOT_REACHED.has(code)) throw err;
    // A server that does not tell its cluster to this caller: the namespace alone scopes the tokens.
    return `${namespace}\0`;
  }
}
