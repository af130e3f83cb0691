/** OpenAPI document (/docs/json, /docs/yaml) and UI (/docs), generated from the zod schemas the routes validate with. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';
import type { Roster } from '../../config/roster';
import { CASE_TYPE_NAME, ROSTER_ROLE } from '../schemas/common';

export const BEARER_SECURITY = [{ bearerAuth: [] }];

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node !== null && typeof node === 'object') {
    visit(node as Json);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

const CASE_VIEW_REF = '#/components/schemas/CaseView';
const pointer = (path: string, method: string) =>
  `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;

/** A link's name: `post-callback`, `get-case`, `post-compensations-approve` (OpenAPI allows [A-Za-z0-9._-]). */
const linkName = (method: string, path: string) =>
  `${method}-${
    path
      .replace('/v1/cases/{id}', '')
      .replace(/\{[^}]+\}\//g, '')
      .replace(/^\//, '')
      .replace(/\//g, '-') || 'case'
  }`;

/**
 * OpenAPI links from every answer that is a case view to the operations on that case (and from a proposed
 * compensation to its approval), so clients and stateful fuzzers can follow a case through its life.
 */
function addCaseLinks(doc: OpenAPIV3.Document): void {
  const onCase = Object.entries(doc.paths).flatMap(([path, item]) =>
    (['get', 'post'] as const).flatMap((method) =>
      item?.[method] && path.startsWith('/v1/cases/{id}') ? [{ path, method }] : [],
    ),
  );
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post'] as const) {
      for (const [status, response] of Object.entries(item?.[method]?.responses ?? {})) {
        const schema = (response as OpenAPIV3.ResponseObject).content?.['application/json']?.schema as
          { $ref?: string; allOf?: { $ref?: string }[] } | undefined;
        if (!status.startsWith('2') || (schema?.$ref ?? schema?.allOf?.[0]?.$ref) !== CASE_VIEW_REF) continue;
        const links: Record<string, OpenAPIV3.LinkObject> = {};
        for (const target of onCase) {
          const needsCompensation = target.path.includes('{compensationId}');
          if (needsCompensation && path !== '/v1/cases/{id}/compensations') continue;
          links[linkName(target.method, target.path)] = {
            operationRef: pointer(target.path, target.method),
            parameters: {
              id: '$response.body#/id',
              ...(needsCompensation ? { compensationId: '$response.body#/compensations/0/id' } : {}),
            },
          };
        }
        (response as OpenAPIV3.ResponseObject).links = links;
      }
    }
  }
}

/**
 * What the zod schemas cannot say by themselves, added so the document states exactly what is served:
 * - ids that must name a roster principal list the roster's ids (`enum`), as the routes check them;
 * - a case type's name lists the app's case types (`enum`);
 * - a body with no required field may be left out (the action routes take a missing body as `{}`);
 * - every response carries `x-request-id`.
 */
function completeDocument(
  doc: OpenAPIV3.Document,
  roster: Roster,
  caseTypes: readonly string[],
): OpenAPIV3.Document {
  walk(doc, (obj) => {
    if (obj[CASE_TYPE_NAME] === true) {
      delete obj[CASE_TYPE_NAME];
      obj.enum = [...caseTypes];
    }
    const role = obj[ROSTER_ROLE];
    if (typeof role !== 'string') return;
    delete obj[ROSTER_ROLE];
    obj.enum = roster.principals.filter((p) => p.role === role).map((p) => p.id);
  });
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: OpenAPIV3.ReferenceObject | OpenAPIV3.SchemaObject | undefined) =>
    s && '$ref' in s ? schemas[s.$ref.replace('#/components/schemas/', '')] : s;
  for (const path of Object.values(doc.paths)) {
    for (const method of ['get', 'post'] as const) {
      const op = path?.[method];
      if (!op) continue;
      const body = op.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      const bodySchema = resolve(body?.content['application/json']?.schema) as OpenAPIV3.SchemaObject;
      if (body && bodySchema?.type === 'object' && !bodySchema.required?.length) body.required = false;
      for (const response of Object.values(op.responses) as OpenAPIV3.ResponseObject[]) {
        response.headers = {
          ...response.headers,
          'x-request-id': { $ref: '#/components/headers/RequestId' },
        };
      }
    }
  }
  addCaseLinks(doc);
  doc.components = {
    ...doc.components,
    headers: {
      RequestId: {
        description: "the request's id in the API's logs (the caller's x-request-id when it is sane)",
        required: true,
        schema: { type: 'string' },
      },
    },
  };
  return doc;
}

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
            'Request bodies, query strings and path parameters are strict: an unknown field or query parameter is ' +
            'rejected with 400 validation_failed naming it. Bodies are JSON (else 415) of at most 64 KiB (else 413). ' +
            'A method a path does not have answers 405 with an Allow header.',
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
      transformObject: (input) =>
        completeDocument(
          jsonSchemaTransformObject(input) as OpenAPIV3.Document,
          app.roster,
          app.caseTypes.types,
        ),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi', dependencies: ['roster'] },
);
