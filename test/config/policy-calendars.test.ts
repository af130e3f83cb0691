/**
 * Policy additions of 2026-12-02 (API.md): `calendars`, a tier's `calendar` and `warnBefore`. Every new key is
 * optional; a tier naming an unknown calendar, a bad time zone or bad hours stop start-up naming the field; a
 * case captures its tier's warnings and calendar (open time resolved as UTC instants from its opening).
 */
import path from 'node:path';
import { ConfigError, parseConfig } from '../../config/load-json';
import { leastOpenWindow } from '../../config/calendar-fit';
import { capturePolicy, loadPolicy, policySchema } from '../../config/policy';
import { addOpenTime, CALENDAR_HORIZON_MS } from '../../workflows/business-hours';
import { policyJson } from '../support/policy';

const DEFAULT_FILE = path.join(__dirname, '../../config/default-policy.json');
interface RawCalendar {
  timeZone: string;
  hours: Record<string, string[]>;
  holidays: string[];
}
interface RawPolicy {
  tiers: Record<string, Record<string, unknown>>;
  calendars?: Record<string, RawCalendar>;
  headApprovalAbove?: number;
}
/** A fresh copy of the shipped file as JSON (not parsed), to edit. */
const raw = () => policyJson() as unknown as RawPolicy;
const tierOf = (p: RawPolicy, tier: string) => p.tiers[tier]!;
const cnOf = (p: RawPolicy) => p.calendars!['cn-business']!;
const parse = (input: unknown) => parseConfig(input, policySchema, 'Policy file test.json');
const errorOf = (input: unknown): string => {
  try {
    parse(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the policy was accepted');
};
const H = 3_600_000;
const fri17Shanghai = Date.parse('2027-03-05T17:00:00+08:00');

describe('policy calendars and warnings', () => {
  it('ships the example calendar with every tier 24/7 and no warnings: the default behaviour is unchanged', () => {
    const policy = loadPolicy(DEFAULT_FILE);
    expect(Object.keys(policy.calendars)).toEqual(['cn-business']);
    for (const tier of ['apass_top', 'apass', 'super', 'standard'] as const) {
      const captured = capturePolicy(policy, tier, fri17Shanghai).tier;
      expect(captured.calendar).toBeNull();
      expect(captured.warnBeforeMs).toEqual({});
    }
    expect(capturePolicy(policy, 'standard', fri17Shanghai).tier).toMatchObject({
      callbackSlaMs: 4 * H,
      resolutionSlaMs: 72 * H,
      instantRefundLimit: 100000,
      managerAuthority: 20000,
    });
  });

  it('accepts a policy without any of the new keys', () => {
    const p = raw();
    delete p.calendars;
    delete p.headApprovalAbove;
    const policy = parse(p);
    expect(policy.calendars).toEqual({});
    expect(capturePolicy(policy, 'apass', 0).tier.calendar).toBeNull();
  });

  it('parses warnBefore durations per clock and refuses bad ones, naming the field', () => {
    const p = raw();
    tierOf(p, 'apass').warnBefore = { callback: '1m', resolution: '2h' };
    tierOf(p, 'super').warnBefore = { resolution: '90m' };
    const policy = parse(p);
    expect(capturePolicy(policy, 'apass', 0).tier.warnBeforeMs).toEqual({
      callback: 60_000,
      resolution: 2 * H,
    });
    expect(capturePolicy(policy, 'super', 0).tier.warnBeforeMs).toEqual({ resolution: 1.5 * H });

    tierOf(p, 'apass').warnBefore = { callback: 'soon' };
    expect(errorOf(p)).toContain('tiers.apass.warnBefore.callback: "soon" is not a duration');
    tierOf(p, 'apass').warnBefore = { breach: '1m' };
    expect(errorOf(p)).toContain('tiers.apass.warnBefore');
  });

  it('refuses a calendar on an APASS tier, which runs 24/7 (DOMAIN.md)', () => {
    for (const tier of ['apass', 'apass_top']) {
      const p = raw();
      tierOf(p, tier).calendar = 'cn-business';
      expect(errorOf(p)).toContain(
        `tiers.${tier}.calendar: ${tier} runs 24/7 (its members are served through the night): it names no calendar`,
      );
    }
    const p = raw();
    tierOf(p, 'super').calendar = 'cn-business';
    tierOf(p, 'standard').calendar = 'cn-business';
    expect(parse(p).tiers.super.calendarName).toBe('cn-business');
  });

  it('refuses a tier naming a calendar that is not defined, naming the field', () => {
    const p = raw();
    tierOf(p, 'standard').calendar = 'cn-holidays';
    expect(errorOf(p)).toContain(
      'tiers.standard.calendar: "cn-holidays" is not a key of calendars (known: cn-business)',
    );
    delete p.calendars;
    expect(errorOf(p)).toContain(
      'tiers.standard.calendar: "cn-holidays" is not a key of calendars (none defined)',
    );
    tierOf(p, 'standard').calendar = null;
    expect(parse(p).tiers.standard.calendarName).toBeNull();
  });

  it('refuses a bad calendar, naming the field', () => {
    const p = raw();
    cnOf(p).timeZone = 'Asia/Peking';
    expect(errorOf(p)).toContain('calendars.cn-business.timeZone: "Asia/Peking" is not a time zone');
    cnOf(p).timeZone = 'Asia/Shanghai';
    cnOf(p).hours.mon = ['09:00-18:00', '17:00-20:00'];
    expect(errorOf(p)).toContain('calendars.cn-business.hours.mon.1');
    cnOf(p).hours.mon = ['09:00-18:00'];
    cnOf(p).holidays = ['5 Feb 2027'];
    expect(errorOf(p)).toContain('calendars.cn-business.holidays.0');
  });

  it('captures a tier calendar as open time from the opening to the horizon', () => {
    const p = raw();
    tierOf(p, 'standard').calendar = 'cn-business';
    tierOf(p, 'standard').warnBefore = { callback: '30m' };
    const policy = parse(p);
    const { tier } = capturePolicy(policy, 'standard', fri17Shanghai);
    const calendar = tier.calendar!;
    expect(calendar).toMatchObject({
      name: 'cn-business',
      definition: cnOf(p),
      fromMs: fri17Shanghai,
      horizonEndMs: fri17Shanghai + CALENDAR_HORIZON_MS,
    });
    expect(addOpenTime(calendar, fri17Shanghai, tier.callbackSlaMs)).toBe(
      Date.parse('2027-03-08T12:00:00+08:00'),
    );
    expect(tier.warnBeforeMs).toEqual({ callback: 30 * 60_000 });
    // It travels as JSON (the workflow's start input) unchanged, and does not share the loaded policy's objects.
    expect(JSON.parse(JSON.stringify(tier))).toEqual(tier);
    policy.calendars['cn-business']!.holidays.push('2027-03-08');
    expect(calendar.definition.holidays).toEqual(['2027-02-05', '2027-02-08']);
    expect(capturePolicy(policy, 'apass', fri17Shanghai).tier.calendar).toBeNull();
  });
});

describe('a calendar too sparse for its tier', () => {
  // Two open hours a week: 60 days of it hold about 17 h, while the standard tier commits to 72 h.
  const sparse = (): RawPolicy => {
    const p = raw();
    p.calendars = {
      ...p.calendars,
      'tuesday-desk': { timeZone: 'Asia/Shanghai', hours: { tue: ['10:00-12:00'] }, holidays: [] },
    };
    tierOf(p, 'standard').calendar = 'tuesday-desk';
    return p;
  };

  it("stops start-up naming the tier's calendar: its SLA would be counted in wall-clock time", () => {
    expect(errorOf(sparse())).toMatch(
      /tiers\.standard\.calendar: "tuesday-desk" is open only \d+h in the 60d from \d{4}-\d\d-\d\d, less than the tier's resolution SLA of 72h/,
    );
  });

  it('takes the same calendar for a tier whose SLAs fit in it', () => {
    const p = sparse();
    tierOf(p, 'standard').callbackSla = '4h';
    tierOf(p, 'standard').resolutionSla = '16h';
    expect(parse(p).tiers.standard.calendarName).toBe('tuesday-desk');
  });

  it('finds the least window wherever it starts, not only at the hour the service started', () => {
    // Weekdays 09:00-18:00 and a 2-day window: counted from 11:00 of each day, the least is 2 h (Saturday 11:00
    // to Monday 11:00); the weekend itself, from Friday 18:00, holds none.
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-18:00']]);
    const calendar = { timeZone: 'Asia/Shanghai', hours: Object.fromEntries(weekdays), holidays: [] };
    const wednesday11 = Date.parse('2027-03-10T11:00:00+08:00');
    expect(leastOpenWindow(calendar, wednesday11, 2 * 24 * H)).toEqual({
      fromMs: Date.parse('2027-03-12T18:00:00+08:00'),
      openMs: 0,
    });
  });

  it('a calendar whose time zone is unknown is named as such, not a crash', () => {
    const p = sparse();
    p.calendars!['tuesday-desk']!.timeZone = 'Asia/Peking';
    expect(errorOf(p)).toMatch(/calendars\.tuesday-desk\.timeZone: "Asia\/Peking" is not a time zone/);
  });

  it('measures the least open window of the coming year, holidays included', () => {
    const calendar = { timeZone: 'Asia/Shanghai', hours: { tue: ['10:00-12:00'] }, holidays: ['2027-03-09'] };
    const least = leastOpenWindow(calendar, fri17Shanghai, 14 * 24 * H)!;
    // a fortnight holds two Tuesdays, or one where it holds the holiday
    expect(least.openMs).toBe(2 * H);
    expect(least.fromMs).toBeLessThanOrEqual(Date.parse('2027-03-09T10:00:00+08:00'));
  });
});
