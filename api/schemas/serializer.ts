/**
 * How responses are serialized: through their zod schemas, as fastify-type-provider-zod does (the value checked,
 * unknown keys stripped, a value the schema refuses is a ResponseSerializationError, so a 500), but the case view
 * (the answer of every action and of an opening) is checked with a forward parse instead of the library's
 * `safeEncode`. Encoding runs in zod's backward direction, which parses the whole value twice (a pass without
 * checks first, then the checked one); for a schema without transforms, pipes, codecs, defaults, prefaults,
 * catches, discriminated unions or overwriting checks (trim), such as the case view, both directions accept the
 * same values and give the same output, at half the cost. Every other schema keeps the library's serializer.
 */
import { ResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { caseViewSchema } from './case-view';

/** A case view schema, described differently per status (a clone sharing its definition). */
const isCaseView = (schema: unknown): schema is $ZodType =>
  (schema as { _zod?: { def?: unknown } } | null)?._zod?.def === caseViewSchema._zod.def;

export const responseSerializerCompiler: typeof serializerCompiler = (route) => {
  const { schema, method, url } = route;
  if (!isCaseView(schema)) return serializerCompiler(route);
  return (data: unknown) => {
    const result = safeParse(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
