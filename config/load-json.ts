import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A configuration file that cannot be used; the message names the file and the bad field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * JSON.parse's complaint without its quote of the text around the fault: that text may be a key or a member's
 * name, and the message ends up in the process's log.
 */
export function jsonSyntaxProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/,\s*(?:\.\.\.)?"/)[0]!;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Reads a JSON file and validates it against a schema, failing with the offending field named. */
export function loadJsonFile<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${what} ${file} cannot be read as JSON: ${jsonSyntaxProblem(err)}`);
  }
  return parseConfig(raw, schema, `${what} ${file}`);
}

export function parseConfig<S extends z.ZodType>(raw: unknown, schema: S, what: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${what} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
