/**
 * The shipped development files are for development only. The dev roster's tokens are published (README), and
 * the dev member directory's facts (tier, credit, dedicated manager) are made up, while money rules trust them:
 * a process that others can reach (HOST not loopback) or that works on a real Temporal cluster
 * (TEMPORAL_ADDRESS) refuses to start with either, unless ALLOW_DEV_ROSTER=true says it is meant.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { DEV_KEY_FILE } from '../codec/keyring';
import type { AppConfig } from './env';
import { DEV_MEMBERS_FILE, DEV_ROSTER_FILE } from './env';
import { ConfigError } from './load-json';
import { Roster } from './roster';

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** Why this configuration is not a development one, or undefined when it is. */
export function outsideDevelopment(config: Pick<AppConfig, 'host' | 'temporal'>): string | undefined {
  const why = [
    ...(isLoopback(config.host) ? [] : [`HOST=${config.host} is not a loopback address`]),
    ...(config.temporal.address === undefined ? [] : ['TEMPORAL_ADDRESS is set']),
  ];
  return why.length === 0 ? undefined : why.join(' and ');
}

let shipped: Roster | null | undefined;
/** The shipped dev roster; null when the file is not there (an image without it). */
function shippedRoster(): Roster | null {
  if (shipped === undefined) {
    try {
      shipped = Roster.load(DEV_ROSTER_FILE);
    } catch {
      shipped = null;
    }
  }
  return shipped;
}

const ALLOW = 'or set ALLOW_DEV_ROSTER=true to run with it anyway';

/** Whether a file holds the same bytes as another (the file itself, or a copy); false when either is unreadable. */
function sameContent(a: string, b: string): boolean {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/**
 * Throws a ConfigError when, outside development and without ALLOW_DEV_ROSTER=true, the roster holds a token of
 * the shipped dev roster (the file itself or a copy), or the member directory is the shipped dev one.
 */
export function refuseDevFilesOutsideDevelopment(
  config: Pick<
    AppConfig,
    'host' | 'temporal' | 'allowDevRoster' | 'rosterFile' | 'membersFile' | 'membersUrl'
  >,
  roster: Roster,
): void {
  if (config.allowDevRoster) return;
  const why = outsideDevelopment(config);
  if (why === undefined) return;
  const dev = shippedRoster();
  if (dev !== null && roster.sharesTokensWith(dev)) {
    throw new ConfigError(
      `ROSTER_FILE ${config.rosterFile} holds tokens of the shipped development roster (config/dev-roster.json, ` +
        `whose tokens are published in the README), refused because ${why}: give a roster of your own ` +
        `(tokenSha256 keeps the tokens themselves out of the file), ${ALLOW}`,
    );
  }
  if (config.membersUrl === undefined && sameContent(config.membersFile, DEV_MEMBERS_FILE)) {
    throw new ConfigError(
      `MEMBERS_FILE ${config.membersFile} is the shipped development member directory (config/dev-members.json, ` +
        `made-up members), refused because ${why}: set MEMBERS_URL to the platform's member service or ` +
        `MEMBERS_FILE to a directory of your own, ${ALLOW}`,
    );
  }
}

/**
 * Throws a ConfigError when, on a Temporal cluster (TEMPORAL_ADDRESS) and without ALLOW_DEV_ROSTER=true, no
 * payload keys are given (PAYLOAD_KEYS or PAYLOAD_KEYS_FILE): each process would make a development key of its
 * own in its DATA_DIR, which an API and a worker on different hosts do not share (every case refused as not
 * sealed for it), and which a container's fresh DATA_DIR replaces (every open case's payloads unreadable).
 */
export function refuseDevKeysOutsideDevelopment(
  config: Pick<AppConfig, 'temporal' | 'allowDevRoster' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
): void {
  if (config.allowDevRoster) return;
  const given = (name: string) => (env[name] ?? '').trim() !== '';
  if (given('PAYLOAD_KEYS') || given('PAYLOAD_KEYS_FILE')) return;
  // The embedded server (no TEMPORAL_ADDRESS) keeps its history in the DATA_DIR that holds the key: one process,
  // one key, lost only with the cases themselves.
  if (config.temporal.address === undefined) return;
  const devKey = path.join(config.dataDir, DEV_KEY_FILE);
  throw new ConfigError(
    `PAYLOAD_KEYS or PAYLOAD_KEYS_FILE is required because TEMPORAL_ADDRESS is set: without them this process ` +
      `would encrypt with a development key of its own in ${config.dataDir}, which the other processes do not ` +
      `share and a new DATA_DIR loses (README, "Payload encryption and the codec endpoint"). Cases already ` +
      `sealed with it stay readable with PAYLOAD_KEYS_FILE=${devKey}; or set ALLOW_DEV_ROSTER=true to run on ` +
      'the development key anyway',
  );
}

/**
 * Throws a ConfigError when an API process on a Temporal cluster (TEMPORAL_ADDRESS), without ALLOW_DEV_ROSTER=true,
 * has no PAGE_TOKEN_SECRET: it would sign the list's page tokens with a key of its own in its DATA_DIR, so a page
 * token one replica handed out is a 400 on the next (behind one load balancer), and every token dies with a
 * container's DATA_DIR.
 */
export function refuseDevPageTokenKeyOutsideDevelopment(
  config: Pick<AppConfig, 'temporal' | 'allowDevRoster' | 'pageTokenSecret'>,
): void {
  if (config.allowDevRoster || config.pageTokenSecret !== undefined) return;
  if (config.temporal.address === undefined) return;
  throw new ConfigError(
    'PAGE_TOKEN_SECRET is required because TEMPORAL_ADDRESS is set: without it this API process signs the page ' +
      'tokens of GET /v1/cases with a key of its own in DATA_DIR, which the other API processes do not share (a ' +
      'next page asked of another one is refused) and a new DATA_DIR loses. Give every API process the same ' +
      'PAGE_TOKEN_SECRET (32+ characters, e.g. `openssl rand -hex 32`), or set ALLOW_DEV_ROSTER=true to run on ' +
      'the development key anyway',
  );
}
