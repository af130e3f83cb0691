/** OpenAPI document (/docs/json, /docs/yaml) and UI (/docs), generated from the zod schemas the routes validate with. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const BEARER_SECURITY = [{ bearerAuth: [] }];

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Concierge case engine',
          version: '1.0.0',
          description:
            'Cases of a black-card concierge service, each a Temporal workflow. Every error is `{ error, message, details? }`. ' +
            'Request bodies and query strings are strict: unknown fields are rejected with 400 validation_failed.',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
        tags: [
          { name: 'cases', description: 'open, list and read cases' },
          { name: 'case actions', description: 'advance a case; each answers with the new case view' },
          { name: 'managers', description: "a case owner's work queue" },
          { name: 'health' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi' },
);
