/**
 * HTTP for process-level tests: one JSON request with a bearer token to a running API, and a GET through a
 * keep-alive agent, as a connection pool sends it.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** One JSON request with a bearer token; the body parsed when it is JSON. */
export async function request(
  base: string,
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  } catch {
    return { status: res.status, body: text, headers: res.headers };
  }
}

export interface KeepAliveAnswer {
  status: number;
  connection: string | undefined;
  keepAlive: string | undefined;
  /** Whether it went over a connection the agent already had open. */
  reused: boolean;
}

/** A GET through a keep-alive agent, as a connection pool sends it. */
export function keepAliveGet(agent: http.Agent, port: number, path: string): Promise<KeepAliveAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          keepAlive: res.headers['keep-alive'] as string | undefined,
          reused: req.reusedSocket,
        }),
      );
    });
    req.once('error', reject);
  });
}
