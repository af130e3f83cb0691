/**
 * The case search attributes are defined once (workflows/search-attributes.ts): the dev server's
 * `--search-attribute` flags and the operator-service registration are derived from that definition, with the
 * SDK's own spelling of each type, on a real Temporal dev server.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { OperatorService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerArgs } from '../../platform/dev-server';
import { ensureSearchAttributes } from '../../platform/search-attribute-registration';
import { ensureTemporalBinaries } from '../../toolchain/temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES, SA } from '../../workflows/search-attributes';

const logged: { level: 'info' | 'warn'; msg: string }[] = [];
const logger = {
  info: (_: object, msg: string) => void logged.push({ level: 'info', msg }),
  warn: (_: object, msg: string) => void logged.push({ level: 'warn', msg }),
};
beforeEach(() => (logged.length = 0));

/** The spelling of `temporal server start-dev --search-attribute` and `tcld --sa`. */
const FLAGS = [
  'CaseType=Keyword',
  'CaseStatus=Keyword',
  'CaseTier=Keyword',
  'CaseAssigneeId=Keyword',
  'CaseMemberId=Keyword',
  'CaseEscalationLevel=Int',
  'CaseBreached=Bool',
  'CaseNextDueAt=Datetime',
  'CasePendingApprovals=Int',
];

test('the dev server starts with one --search-attribute flag per case search attribute', () => {
  const args = devServerArgs({
    cli: 'temporal',
    port: 1,
    uiPort: 2,
    namespace: 'default',
    dataDir: '/tmp/x',
  });
  const flags = args.flatMap((a, i) => (args[i - 1] === '--search-attribute' ? [a] : []));
  expect(flags).toEqual(FLAGS);
  expect(CASE_SEARCH_ATTRIBUTES).toHaveLength(Object.keys(SA).length);
});

describe('on a namespace without them', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: {
          type: 'existing-path',
          path: process.env.TEMPORAL_CLI_PATH ?? ensureTemporalBinaries().cli,
        },
        extraArgs: ['--log-level', 'error'],
      },
    });
  });
  afterAll(() => env?.teardown());

  test('registers every case search attribute with its type, once', async () => {
    const namespace = env.namespace ?? 'default';
    expect(await ensureSearchAttributes(env.connection, namespace, logger)).toEqual({
      ok: true,
      added: CASE_SEARCH_ATTRIBUTES.map((k) => k.name),
    });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace });
    const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_INT: INT } =
      temporal.api.enums.v1.IndexedValueType;
    const { INDEXED_VALUE_TYPE_BOOL: BOOL, INDEXED_VALUE_TYPE_DATETIME: DATETIME } =
      temporal.api.enums.v1.IndexedValueType;
    expect(listed.customAttributes).toMatchObject({
      CaseType: KEYWORD,
      CaseStatus: KEYWORD,
      CaseTier: KEYWORD,
      CaseAssigneeId: KEYWORD,
      CaseMemberId: KEYWORD,
      CaseEscalationLevel: INT,
      CaseBreached: BOOL,
      CaseNextDueAt: DATETIME,
    });
    expect(await ensureSearchAttributes(env.connection, namespace, logger)).toEqual({ ok: true, added: [] });
  });
});

/** An operator service that lists nothing and answers addSearchAttributes with a gRPC error, as grpc-js builds it. */
function refusingOperator(code: status): { operatorService: OperatorService } {
  const error = Object.assign(new Error(`${code} ${status[code]}: refused`), {
    code,
    details: 'refused',
    metadata: new Metadata(),
  }) as ServiceError;
  return {
    operatorService: {
      listSearchAttributes: () => Promise.resolve({ customAttributes: {} }),
      addSearchAttributes: () => Promise.reject(error),
    } as unknown as OperatorService,
  };
}

test('another process adding them first (ALREADY_EXISTS) is success', async () => {
  const outcome = await ensureSearchAttributes(refusingOperator(status.ALREADY_EXISTS), 'ns', logger);
  expect(outcome.ok).toBe(true);
  expect(logged.filter((l) => l.level === 'warn')).toEqual([]);
});

test('a refusal (Temporal Cloud: PERMISSION_DENIED) warns with the tcld command of each, spelled as the CLI spells it', async () => {
  const outcome = await ensureSearchAttributes(refusingOperator(status.PERMISSION_DENIED), 'ns', logger);
  expect(outcome).toMatchObject({ ok: false, missing: CASE_SEARCH_ATTRIBUTES.map((k) => k.name) });
  const warning = logged.find((l) => l.level === 'warn')?.msg ?? '';
  for (const flag of FLAGS) {
    expect(warning).toContain(`tcld namespace search-attributes add -n ns --sa "${flag}"`);
  }
});
