/**
 * Personal data is encrypted in Temporal (DOMAIN.md, "Personal data"): after `npm start` has done real work on a
 * case (opened with a member and travellers, called back, a note with a phone number), the dev server's SQLite
 * file holds no trace of those, byte for byte, while the case id (not personal) is there. An engineer still reads
 * them through the codec endpoint, which the embedded Web UI is pointed at.
 */
import { Connection } from '@temporalio/client';
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEV_KEY_FILE } from '../../codec';
import { request } from '../support/http-requests';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { Processes, within, type Proc } from '../support/processes';
import { shortTimerPolicy } from '../support/policy';

jest.setTimeout(240_000);

/** The shipped dev roster's tokens (config/dev-roster.json), which the dev member directory is checked against. */
const TOKEN = {
  platform: 'dev-app-token-0000000001',
  xinyao: 'dev-mgr-xinyao-token-0001',
  engineer: 'dev-eng-1-token-00000001',
};

const unique = () => randomInt(100_000, 999_999).toString();
const memberName = `Ouyang Mingyue ${unique()}`;
const travellerName = `Situ Xiaoqing ${unique()}`;
const phone = `+86 139 ${unique()} ${unique()}`.slice(0, 18);

const procs = new Processes();
let setup: LauncherSetup;
let stack: Proc;
let caseId: string;

beforeAll(async () => {
  setup = await launcherSetup('concierge-pii-', { policy: shortTimerPolicy('3m') });
  // The development key file, whatever the calling shell has set.
  stack = await procs.startStack(setup.base, { ...setup.env, PAYLOAD_KEYS: '', PAYLOAD_KEYS_FILE: '' });
});

afterAll(async () => {
  await procs.stopAll();
  setup?.remove();
});

const call = (method: string, url: string, token: string | null, body?: unknown) =>
  request(setup.base, method, url, token, body);

test('a case does real work through npm start', async () => {
  const opened = await call('POST', '/v1/cases', TOKEN.platform, {
    type: 'visa_help',
    member: { id: 'm-pii-1', name: memberName, tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
    summary: 'Schengen visa under administrative review',
    details: {
      destination: 'France',
      travelers: [{ name: travellerName, relation: 'spouse' }],
      departureDate: '2027-06-01',
      visaStatus: 'administrative_review',
    },
  });
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  expect(
    (await call('POST', `/v1/cases/${caseId}/callback`, TOKEN.xinyao, { note: 'reached the member' })).status,
  ).toBe(200);
  const noted = await call('POST', `/v1/cases/${caseId}/notes`, TOKEN.xinyao, {
    text: `The member asks to be called back on ${phone} only`,
  });
  expect(noted.status).toBe(200);
  const view = await call('GET', `/v1/cases/${caseId}`, TOKEN.engineer);
  expect(JSON.stringify(view.body)).toContain(phone);
  expect(view.body.member.name).toBe(memberName);
});

test('the embedded Web UI is pointed at the codec endpoint, and an engineer reads the history through it', async () => {
  const uiSettings = (await (await fetch(`http://127.0.0.1:${setup.uiPort}/api/v1/settings`)).json()) as {
    Codec: { Endpoint: string };
  };
  const port = new URL(setup.base).port;
  expect(uiSettings.Codec.Endpoint).toBe(`http://localhost:${port}/codec`);

  const connection = await Connection.connect({ address: `127.0.0.1:${setup.env.TEMPORAL_PORT}` });
  try {
    const { history } = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: caseId },
    });
    const payloads = (history?.events ?? []).flatMap((e) => [
      ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? []),
    ]);
    expect(payloads.length).toBeGreaterThanOrEqual(3);
    const json = payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
    const stored = JSON.stringify(json.map((p) => Buffer.from(p.data, 'base64').toString('latin1')));
    expect(stored).not.toContain(memberName);

    expect((await call('POST', '/codec/decode', TOKEN.xinyao, { payloads: json })).status).toBe(403);
    const decoded = await call('POST', '/codec/decode', TOKEN.engineer, { payloads: json });
    expect(decoded.status).toBe(200);
    const text = decoded.body.payloads
      .map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8'))
      .join('\n');
    expect(text).toContain(memberName);
    expect(text).toContain(travellerName);
    expect(text).toContain(phone);
  } finally {
    await connection.close();
  }
});

test("no file under DATA_DIR (the dev server's SQLite, the dev edges' journals) holds a member name, traveller name or phone number", async () => {
  stack.child.kill('SIGTERM');
  expect(await within(stack.exited, 60_000)).toEqual({ code: 0, signal: null });

  const files = readdirSync(setup.dataDir).filter((f) => f.startsWith('temporal.sqlite'));
  expect(files).toContain('temporal.sqlite');
  // The visa case's callback sent the travellers to the (dev) consulate, whose journal is there too.
  const consulate = readdirSync(path.join(setup.dataDir, 'edges', 'consulate'));
  expect(consulate.length).toBeGreaterThan(0);
  const everyFile = readdirSync(setup.dataDir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(setup.dataDir, f))
    .filter((f) => statSync(f).isFile());
  for (const file of everyFile) {
    const bytes = readFileSync(file);
    for (const secret of [memberName, travellerName, phone, 'Ouyang Mingyue', 'Situ Xiaoqing']) {
      expect({ file, secret, found: bytes.includes(secret) }).toEqual({ file, secret, found: false });
    }
  }
  const sqlite = Buffer.concat(files.map((f) => readFileSync(path.join(setup.dataDir, f))));
  expect(sqlite.includes(caseId)).toBe(true); // the search finds what is there: ids are not personal
  // The development key file the processes shared: owner-only.
  expect(statSync(path.join(setup.dataDir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
});
