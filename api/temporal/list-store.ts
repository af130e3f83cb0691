/**
 * The Temporal store a case list's page tokens come from: the id of the API's namespace, which the server keeps
 * in its store. A server restarted on its store keeps it; one whose store was replaced (a new SQLite file,
 * another cluster behind the same address) registered the namespace anew, under another id. A server reads a page
 * token of another store as one of its own and answers a wrong page; so each token carries its store's tag
 * (page-token.ts), checked before the token is sent. Asked on every list: a store replaced behind a running API
 * is seen at its next list.
 */
import type { Client } from '@temporalio/client';

export async function listStore(client: Client, namespace: string): Promise<string> {
  const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace });
  return `${namespace}\0${namespaceInfo?.id ?? ''}`;
}
