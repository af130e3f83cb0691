import type { FastifyPluginAsync } from 'fastify';
import { ID_PATTERN } from '../../schemas/common';
import actions from './actions';
import get from './get';
import list from './list';
import open from './open';

/** /v1/cases and /v1/cases/{id}/...: every log line of a case route carries the caseId. */
const cases: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    const caseId = (request.params as { id?: unknown }).id;
    if (typeof caseId === 'string' && ID_PATTERN.test(caseId)) {
      request.log = reply.log = request.log.child({ caseId });
    }
  });
  await app.register(open);
  await app.register(list);
  await app.register(get);
  await app.register(actions);
};

export default cases;
