/** Everything under /v1 needs a bearer token; each route names the roles it admits. */
import type { FastifyPluginAsync } from 'fastify';
import type { Roster } from '../../config/roster';
import auth from '../plugins/auth';
import browserGuards from '../plugins/browser-guards';
import cases from './cases';
import caseTypes from './case-types';
import managers from './managers';
import me from './me';

const v1: FastifyPluginAsync<{ roster: Roster }> = async (app, { roster }) => {
  await app.register(browserGuards, { sameOriginWrites: true });
  await app.register(auth, { roster });
  await app.register(cases);
  await app.register(caseTypes);
  await app.register(managers);
  await app.register(me);
};

export default v1;
