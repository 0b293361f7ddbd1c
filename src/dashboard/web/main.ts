import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, whenSignedOut } from './api.js';
import { startLive, stopLive } from './live.js';
import type { Me } from './types.js';
import { AppDetail } from './views/app-detail.js';
import { AppsList, prefetchFirstPage } from './views/apps-list.js';
import { Login } from './views/login.js';

/** Routes live in the hash (`#/apps`, `#/apps/NAME`, `#/login`), so the agent serves one page. */
function useRoute(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#/, '') || '/apps';
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    whenSignedOut(() => {
      stopLive();
      setMe(null);
    });
    api.me().then(
      (m) => {
        setCsrfToken(m.csrfToken);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  useEffect(() => {
    if (me) startLive();
  }, [me]);
  if (me === undefined) return html`<main id="main"><p>Loading...</p></main>`;
  if (me === null) {
    const error = /[?&]error=([^&]*)/.exec(route)?.[1];
    return html`<${Login}
      error=${error ? decodeURIComponent(error) : undefined}
      onSignedIn=${(m: Me) => {
        setCsrfToken(m.csrfToken);
        setMe(m);
        if (route.startsWith('/login')) location.hash = '#/apps';
      }}
    />`;
  }
  const appMatch = /^\/apps\/([^/?]+)/.exec(route);
  return html`<div class="layout">
    <a class="skip" href="#main" onClick=${(e: Event) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    }}>Skip to content</a>
    <header>
      <a class="brand" href="#/apps">Tideway</a>
      <nav aria-label="account">
        <span class="who">${me.user}${me.role ? ` (${me.role})` : ''}</span>
        <button class="secondary small" onClick=${async () => {
          await api.logout().catch(() => undefined);
          stopLive();
          setCsrfToken(undefined);
          setMe(null);
        }}>Sign out</button>
      </nav>
    </header>
    <main id="main" tabindex="-1">${appMatch ? html`<${AppDetail} name=${decodeURIComponent(appMatch[1])} key=${appMatch[1]} />` : html`<${AppsList} />`}</main>
  </div>`;
}

if (/^(#\/apps)?$/.test(location.hash)) prefetchFirstPage();
render(html`<${App} />`, document.getElementById('root')!);
