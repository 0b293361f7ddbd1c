import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import type { Me } from '../types.js';

/** The sign-in form: Username, Password, Sign in; and single sign-on when the agent offers it. */
export function Login({ onSignedIn, error: initialError }: { onSignedIn: (me: Me) => void; error?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(initialError ?? '');
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);
  useEffect(() => {
    api.info().then(
      (i) => setSso(i.oidc),
      () => undefined,
    );
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api.login(username, password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'sign-in failed');
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login" id="main">
    <h1>Tideway</h1>
    <form onSubmit=${submit} aria-describedby=${error ? 'login-error' : undefined}>
      <h2>Sign in</h2>
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required value=${username} onInput=${(e: Event) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} />
      ${error && html`<p id="login-error" class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy}>Sign in</button>
      ${sso && html`<p class="sso"><a class="button secondary" href="/auth/oidc/start">Sign in with single sign-on</a></p>`}
    </form>
  </main>`;
}
