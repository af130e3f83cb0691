import { useState } from 'preact/hooks';
import { ErrorBox } from './ErrorBox';

/**
 * Development sign-in: paste a roster token. It is kept in this tab's session storage only. In a deployment
 * behind single sign-on the proxy adds the Authorization header and this form is never shown (README).
 */
export function SignIn({
  onSignIn,
  onSignOut,
  error,
}: {
  onSignIn: (token: string) => Promise<void>;
  /** Offered while a token is still kept (the API could not check it): forgets it. */
  onSignOut?: () => void;
  error: unknown;
}) {
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget as HTMLFormElement).get('token') ?? '').trim();
    if (!token) return;
    setBusy(true);
    try {
      await onSignIn(token);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Concierge console</h1>
      <form onSubmit={(e) => void submit(e)} class="card">
        <div class="field">
          <label for="token">Token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            required
            autoFocus
            spellcheck={false}
          />
        </div>
        <ErrorBox error={error} title="Not signed in" />
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          Sign in
        </button>
        {onSignOut && (
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        )}
        <p class="muted small">Kept in this tab only, until you sign out or close it.</p>
      </form>
    </main>
  );
}
