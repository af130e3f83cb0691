/**
 * Makes sure the case search attributes exist on a namespace, through the operator service.
 * Temporal Cloud refuses the operator service: there we only warn, the attributes are created with tcld or the UI.
 */
import type { OperatorService } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SA, SEARCH_ATTRIBUTE_REGISTRATIONS } from '../workflows/search-attributes';

export interface SearchAttributeLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type SearchAttributeOutcome =
  /** All present before, or added now. */
  | { ok: true; added: string[] }
  /** Could not check or add; start-up goes on, and the warning says what to create by hand. */
  | { ok: false; missing: string[]; reason: string };

/** Accepts a client `Connection` or a worker `NativeConnection`. */
export async function ensureSearchAttributes(
  connection: { operatorService: OperatorService },
  namespace: string,
  logger: SearchAttributeLogger,
): Promise<SearchAttributeOutcome> {
  const wanted = Object.values(SA).map((key) => ({
    name: key.name,
    type: encodeSearchAttributeIndexedValueType(key.type)!,
    spelling: SEARCH_ATTRIBUTE_REGISTRATIONS.find((r) => r.name === key.name)?.type ?? key.type,
  }));
  const manualHint = (names: string[]) =>
    names
      .map(
        (n) =>
          `tcld namespace search-attributes add -n ${namespace} --sa "${n}=${wanted.find((w) => w.name === n)?.spelling}"`,
      )
      .join('\n  ');

  let existing: Record<string, number>;
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace });
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
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((m) => [m.name, m.type])),
    });
  } catch (err) {
    if (grpcCode(err) !== GRPC_ALREADY_EXISTS) {
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

const GRPC_ALREADY_EXISTS = 6;

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function grpcMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
