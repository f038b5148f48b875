import { useEffect, useState } from 'react';
import { api, type Me, type SignInOptions } from '../api';

/** Why an OpenID sign-in was refused (the server's ?signin_error=), in words. */
export function signInErrorText(reason: string): string {
  switch (reason) {
    case 'no-role':
      return 'Your identity provider gives you no Sentinel role. Ask an administrator to grant one.';
    case 'user-disabled':
      return 'This user is disabled in Sentinel.';
    case 'state-mismatch':
    case 'state-expired':
      return 'The sign-in took too long or was started elsewhere. Please try again.';
    case 'provider-unavailable':
      return 'The identity provider could not be reached. Please try again later.';
    default:
      return `Sign-in with the identity provider failed (${reason}).`;
  }
}

/** The sign-in form; on success the session cookie is set and the caller is handed up. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(() => {
    const reason = new URLSearchParams(window.location.search).get('signin_error');
    return reason ? signInErrorText(reason) : null;
  });
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    api.signInOptions().then(setOptions, () => setOptions(null));
    // the error is shown once; a reload should not show it again
    const url = new URL(window.location.href);
    if (url.searchParams.has('signin_error')) {
      url.searchParams.delete('signin_error');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
  }, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await api.login(username.trim(), password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin" id="main">
      <form className="panel" onSubmit={submit} aria-label="Sign in" data-testid="signin">
        <h1>Sentinel</h1>
        <label>
          User name{' '}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          Password{' '}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {options?.oidc && (
          <a className="button oidc-signin" href={options.oidc.url} data-testid="oidc-signin">
            Sign in with {options.oidc.name}
          </a>
        )}
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </main>
  );
}

/** After signing in with a one-time password: choose a new one before anything else. */
export function ChangePassword({ me, onChanged }: { me: Me; onChanged: (me: Me) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (next.length < 12) {
      setError('The new password needs at least 12 characters.');
      return;
    }
    setBusy(true);
    try {
      onChanged(await api.changePassword(current, next));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin" id="main">
      <form className="panel" onSubmit={submit} aria-label="Choose a new password" data-testid="change-password">
        <h1>Choose a new password</h1>
        <p className="muted">{me.name}, your password was set for one use.</p>
        <label>
          Current password{' '}
          <input
            name="current"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </label>
        <label>
          New password (12 characters or more){' '}
          <input
            name="new"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </main>
  );
}
