import { ApiError } from '../api';

interface Issue {
  path: string;
  message: string;
}

function issuesOf(details: unknown): Issue[] {
  const issues = (details as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues)
    ? issues.filter((i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string')
    : [];
}

/** The API's error body as it came (code, message, the issues of a validation failure), or any other failure. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  const body =
    error instanceof ApiError
      ? error.body
      : { error: 'console_error', message: error instanceof Error ? error.message : String(error) };
  const issues = issuesOf(body.details);
  return (
    <div class="error" role="alert">
      {title && <strong>{title}: </strong>}
      <span class="error-message">{body.message}</span> <code class="error-code">{body.error}</code>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path}>
              {i.path ? <code>{i.path}</code> : 'body'}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
