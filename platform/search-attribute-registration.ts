/**
 * Makes sure the case search attributes exist on a namespace, through the operator service.
 * Temporal Cloud refuses the operator service: there we only warn, the attributes are created with tcld or the UI.
 */
import type { OperatorService } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { grpcStatusOf, GrpcStatus } from './grpc-status';

interface Key {
  name: string;
  type: SearchAttributeType;
}

/**
 * `Name=Type` as the Temporal CLI (`--search-attribute`) and tcld (`--sa`) spell it, e.g. `CaseTier=Keyword`:
 * the SDK's own spelling of the type.
 */
export const searchAttributeFlag = (key: Key) =>
  `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`;

export interface SearchAttributeLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type SearchAttributeOutcome =
  /** All present before, or added now. */
  | { ok: true; added: string[] }
  /** Could not check or add; start-up goes on, and the warning says what to create by hand. */
  | { ok: false; missing: string[]; reason: string };

/** How long each operator call may take: a server that never answers must not hold a process's start-up. */
const OPERATOR_CALL_TIMEOUT_MS = 10_000;

/** Accepts a client `Connection` or a worker `NativeConnection`. */
export async function ensureSearchAttributes(
  connection: {
    operatorService: OperatorService;
    withDeadline?<R>(deadline: number, fn: () => Promise<R>): Promise<R>;
  },
  namespace: string,
  logger: SearchAttributeLogger,
): Promise<SearchAttributeOutcome> {
  const call = <R>(fn: () => Promise<R>) =>
    connection.withDeadline ? connection.withDeadline(Date.now() + OPERATOR_CALL_TIMEOUT_MS, fn) : fn();
  const wanted = CASE_SEARCH_ATTRIBUTES.map((key) => ({
    name: key.name,
    type: encodeSearchAttributeIndexedValueType(key.type)!,
    flag: searchAttributeFlag(key),
  }));
  const manualHint = (names: string[]) =>
    wanted
      .filter((w) => names.includes(w.name))
      .map((w) => `tcld namespace search-attributes add -n ${namespace} --sa "${w.flag}"`)
      .join('\n  ');

  let existing: Record<string, number>;
  try {
    const res = await call(() => connection.operatorService.listSearchAttributes({ namespace }));
    existing = res.customAttributes as Record<string, number>;
  } catch (err) {
    const names = wanted.map((w) => w.name);
    const reason = grpcMessage(err);
    logger.warn(
      { namespace, reason },
      `Cannot read the search attributes of namespace "${namespace}" through the operator service (${reason}). ` +
        `On Temporal Cloud create them with tcld or in the Cloud UI if they do not exist yet:\n  ${manualHint(names)}`,
    );
    return { ok: false, missing: names, reason };
  }

  const clashing = wanted.filter((w) => existing[w.name] !== undefined && existing[w.name] !== w.type);
  if (clashing.length > 0) {
    logger.warn(
      { namespace, clashing: clashing.map((c) => c.name) },
      `Search attributes exist with another type on namespace "${namespace}": ${clashing.map((c) => c.name).join(', ')}; ` +
        'case list queries on them will not work as documented',
    );
  }
  const missing = wanted.filter((w) => existing[w.name] === undefined);
  if (missing.length === 0) return { ok: true, added: [] };

  try {
    await call(() =>
      connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.type])),
      }),
    );
  } catch (err) {
    if (grpcStatusOf(err) !== GrpcStatus.ALREADY_EXISTS) {
      const names = missing.map((m) => m.name);
      const reason = grpcMessage(err);
      logger.warn(
        { namespace, missing: names, reason },
        `Cannot add search attributes to namespace "${namespace}" (${reason}). On Temporal Cloud the operator service ` +
          `is refused: create them with tcld or in the Cloud UI, or case lists and workflow starts will fail:\n  ${manualHint(names)}`,
      );
      return { ok: false, missing: names, reason };
    }
  }
  logger.info({ namespace, added: missing.map((m) => m.name) }, 'Registered case search attributes');
  return { ok: true, added: missing.map((m) => m.name) };
}

function grpcMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
