/**
 * The served OpenAPI document as an oracle for responses: whether a response's status is documented for its
 * operation, its body valid against the documented schema, and its documented headers present.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import type { Call } from '../support/api-harness';

/** The error code API.md gives each status (405, 413 and 415 are the project's: request-shape errors). */
export const CODES_FOR_STATUS: Record<number, string[]> = {
  400: ['validation_failed'],
  401: ['unauthenticated'],
  403: ['forbidden'],
  404: ['not_found'],
  405: ['validation_failed'],
  409: ['invalid_transition', 'idempotency_conflict'],
  413: ['validation_failed'],
  415: ['validation_failed'],
  422: ['limit_exceeded'],
  503: ['unavailable'],
};

/** Problems with an error body against API.md's shape `{ error, message, details? }` and its status; [] if none. */
export function errorBodyProblems(res: Pick<Call, 'status' | 'body'>): string[] {
  const problems: string[] = [];
  const body = res.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null) return [`error body is not an object: ${String(res.body)}`];
  const extra = Object.keys(body).filter((k) => !['error', 'message', 'details'].includes(k));
  if (extra.length) problems.push(`error body has ${extra.join(', ')}`);
  if (!(CODES_FOR_STATUS[res.status] ?? []).includes(body.error as string))
    problems.push(`${res.status} carries error ${String(body.error)}`);
  if (typeof body.message !== 'string' || body.message.trim() === '') problems.push('no message');
  return problems;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(readonly doc: any) {
    this.ajv.addSchema(doc, 'openapi');
  }

  static async load(app: FastifyInstance): Promise<OpenApiContract> {
    const res = await app.inject({ url: '/docs/json' });
    if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}`);
    return new OpenApiContract(JSON.parse(res.body));
  }

  /** Problems with a response of `method path` (path as documented, e.g. /v1/cases/{id}); [] if none. */
  problems(method: string, path: string, res: Call): string[] {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${method} ${path} is not documented`];
    const response = op.responses[String(res.status)];
    if (!response) return [`${method} ${path} does not document ${res.status}`];
    const problems: string[] = [];
    if (!String(res.headers['content-type']).startsWith('application/json'))
      problems.push(`content-type ${String(res.headers['content-type'])}`);
    if (typeof res.headers['x-request-id'] !== 'string') problems.push('no x-request-id');
    const key = `${path} ${method} ${res.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const ref = `openapi#/paths/${escape(path)}/${method.toLowerCase()}/responses/${res.status}/content/application~1json/schema`;
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(key, validate);
    }
    if (!validate(res.body)) problems.push(`body breaks the schema: ${this.ajv.errorsText(validate.errors)}`);
    return problems;
  }
}
