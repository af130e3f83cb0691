/**
 * Two dependencies of Fastify's tooling ship only as ES modules: cookie@2 (light-my-request, behind
 * app.inject) and content-disposition@3 (@fastify/static, behind @fastify/swagger-ui). Node 20 loads them
 * through require(esm); Jest's module system cannot (before Node 24.9). These stand-ins cover the one function
 * each caller uses, for paths the API tests never take (inject cookies, reply.download). Import this before
 * anything that loads Fastify; drop it once jest.config.js transforms those packages.
 */
jest.mock('cookie', () => ({
  stringifySetCookie: ({ name, value }: { name: string; value: string }) =>
    `${name}=${encodeURIComponent(value)}`,
}));
jest.mock('content-disposition', () => ({
  create: (filename: string) => `attachment; filename="${filename.replace(/["\\]/g, '')}"`,
}));
