import { useEffect, useRef } from 'preact/hooks';
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

/**
 * The API's error body as it came (code, message, the issues of a validation failure), or any other failure.
 * `focus`: the error takes the keyboard focus each time it is shown (an action's answer, which the person who
 * pressed Confirm waits for), so a screen reader reads it out; a refresh's error does not steal it.
 */
export function ErrorBox({ error, title, focus }: { error: unknown; title?: string; focus?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [error, focus]);
  if (error === undefined || error === null) return null;
  const body =
    error instanceof ApiError
      ? error.body
      : { error: 'console_error', message: error instanceof Error ? error.message : String(error) };
  const issues = issuesOf(body.details);
  return (
    <div class="error" role="alert" ref={box} tabIndex={focus ? -1 : undefined}>
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
