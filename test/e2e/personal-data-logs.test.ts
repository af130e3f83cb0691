/**
 * Personal data never reaches the logs (DOMAIN.md, "Personal data"): the whole stack started the way the README
 * starts it (`npm start`, LOG_LEVEL=debug, the log notifier), a visa case with a traveller and a concierge case
 * worked from callback to rating with a member name, a traveller name and a phone number in every free text
 * (notes, reasons, summaries, comments): none of them appears anywhere in the stack's output, the dev server's
 * included. The case ids, kinds and actors do (the logs still say what happened).
 */
import { randomInt } from 'node:crypto';
import { request } from '../support/http-requests';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { Processes, within, type Proc } from '../support/processes';
import { shortTimerPolicy } from '../support/policy';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

const TOKEN = {
  app: 'dev-app-token-0000000001',
  xinyao: 'dev-mgr-xinyao-token-0001',
  zheng: 'dev-sup-zheng-token-0001',
};

// Unique per run, so a hit can only come from this test's requests.
const tag = `${Date.now().toString(36)}${randomInt(1e6)}`;
const MEMBER = `Qiaoxuan${tag}`;
const TRAVELLER = `Wanrou${tag}`;
const PHONE = `+86 139 ${String(randomInt(1e4)).padStart(4, '0')} ${String(randomInt(1e4)).padStart(4, '0')}`;
const SECRETS = [MEMBER, TRAVELLER, PHONE, PHONE.replace(/ /g, '')];

describe('the logs of npm start at LOG_LEVEL=debug', () => {
  const procs = new Processes();
  let setup: LauncherSetup;
  let stack: Proc;

  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await request(setup.base, method, url, token, body);
    if (res.status >= 300)
      throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    setup = await launcherSetup('concierge-pii-', { policy: shortTimerPolicy('30m') });
    stack = await procs.startStack(setup.base, { ...setup.env, LOG_LEVEL: 'debug' });
  });

  afterAll(async () => {
    await procs.stopAll();
    setup?.remove();
  });

  it('carries ids and kinds, never a name, a traveller or a phone number', async () => {
    const member = {
      id: `m-pii-${tag}`,
      name: MEMBER,
      tier: 'apass',
      credit: 'good',
      managerId: 'mgr-xinyao',
    };
    const visa = await call('POST', '/v1/cases', TOKEN.app, {
      type: 'visa_help',
      member,
      summary: `Schengen visa for ${MEMBER} and ${TRAVELLER}, call ${PHONE}`,
      details: {
        destination: 'France',
        travelers: [
          { name: MEMBER, relation: 'self' },
          { name: TRAVELLER, relation: 'spouse' },
        ],
        departureDate: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        visaStatus: 'pending',
      },
    });
    await call('POST', `/v1/cases/${visa.id}/notes`, TOKEN.xinyao, {
      text: `${TRAVELLER} answers on ${PHONE}`,
    });

    const c = await call('POST', '/v1/cases', TOKEN.app, {
      type: 'concierge',
      member,
      summary: `${MEMBER} needs a table for twelve, call ${PHONE}`,
      details: { request: `A private room for ${MEMBER} and ${TRAVELLER}` },
    });
    const id: string = c.id;
    const act = (token: string, action: string, body: unknown) =>
      call('POST', `/v1/cases/${id}/${action}`, token, body);
    await act(TOKEN.xinyao, 'callback', { note: `reached ${MEMBER} on ${PHONE}` });
    await act(TOKEN.xinyao, 'notes', { text: `${TRAVELLER} (${PHONE}) prefers the window seat` });
    await act(TOKEN.xinyao, 'wait', { on: 'member', reason: `${MEMBER} checks with ${TRAVELLER}` });
    await act(TOKEN.app, 'resume', { note: `${MEMBER} answered from ${PHONE}` });
    await act(TOKEN.xinyao, 'compensations', {
      kind: 'goodwill_gift',
      amount: { amount: 10_000, currency: 'CNY' },
      reason: `flowers for ${TRAVELLER}`,
    });
    await act(TOKEN.xinyao, 'escalate', { reason: `${MEMBER} asks for a supervisor, call ${PHONE}` });
    await act(TOKEN.zheng, 'reassign', { managerId: 'mgr-qiu', reason: `${MEMBER} prefers Qiu` });
    await act(TOKEN.zheng, 'resolve', {
      code: 'done',
      summary: `table booked for ${MEMBER} and ${TRAVELLER}`,
    });
    await act(TOKEN.app, 'rate', { score: 5, comment: `thanks from ${TRAVELLER}, ${PHONE}` });

    // The worker has logged the notifications (escalation, reassignment) and the timeline, ids and kinds only.
    await eventually(
      'the notifications and timeline in the log',
      () => {
        const out = stack.output();
        const notified = out.split(id).length > 1 && /reassignment notification for mgr-qiu/.test(out);
        return notified && out.includes('timeline: rated') ? true : undefined;
      },
      { timeoutMs: 60_000, context: () => stack.tail() },
    );
    const view = await call('GET', `/v1/cases/${id}`, TOKEN.zheng);
    expect(view.timeline.some((e: { text: string }) => e.text.includes(PHONE))).toBe(true); // the case has them

    stack.signal('SIGTERM');
    expect(await within(stack.exited, 60_000)).toEqual({ code: 0, signal: null });
    const out = stack.output();
    expect(out).toContain(id);
    expect(out).toMatch(/"kind":"note"/);
    const found = SECRETS.filter((s) => out.includes(s));
    const lines = out.split('\n').filter((line) => SECRETS.some((s) => line.includes(s)));
    expect({ found, lines: lines.slice(0, 10) }).toEqual({ found: [], lines: [] });
  });
});
