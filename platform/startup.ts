/**
 * What a process that serves the API reads at start (`npm start` and the API process alike): the environment,
 * then the roster, policy and member directory and the payload keys, each read once and validated before
 * anything is dialled (on a cluster, the payload keys and the page token key must be given). A bad value throws
 * ConfigError naming the variable or field.
 */
import type { MemberDirectory } from '../activities/adapters/member-directory';
import { loadPayloadKeyring, type PayloadKeyring } from '../codec';
import {
  refuseDevFilesOutsideDevelopment,
  refuseDevKeysOutsideDevelopment,
  refuseDevPageTokenKeyOutsideDevelopment,
} from '../config/dev-guard';
import { loadConfig, type AppConfig } from '../config/env';
import { memberDirectoryFor } from '../config/members';
import { loadPolicy, type Policy } from '../config/policy';
import { Roster } from '../config/roster';

export interface Startup {
  config: AppConfig;
  roster: Roster;
  policy: Policy;
  members: MemberDirectory;
  /** The payload keys: the API's client and the worker seal with them (README, "Payload encryption"). */
  payloadKeys: PayloadKeyring;
}

/** Validated configuration and files, each read once; throws ConfigError naming the bad variable or field. */
export function validateStartup(env: NodeJS.ProcessEnv = process.env): Startup {
  const config = loadConfig(env);
  const roster = Roster.load(config.rosterFile);
  refuseDevFilesOutsideDevelopment(config, roster);
  refuseDevKeysOutsideDevelopment(config, env);
  refuseDevPageTokenKeyOutsideDevelopment(config);
  const policy = loadPolicy(config.policyFile);
  const members = memberDirectoryFor(config, roster);
  const payloadKeys = loadPayloadKeyring(env, config.dataDir);
  return { config, roster, policy, members, payloadKeys };
}
