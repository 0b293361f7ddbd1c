import { html } from 'htm/preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type ListFilters } from '../api.js';
import { ago, firstLine, shortSha } from '../format.js';
import { onLive } from '../live.js';
import type { AppPage, AppView } from '../types.js';
import { Badge, waitsText } from './badges.js';

/** Row height in pixels: the list shows only the rows in view (and a few around), however many apps match. */
export const rowHeight = 40;
const chunk = 100;
const overscan = 10;

const emptyFilters: ListFilters = { search: '', health: '', sync: '', cluster: '', namespace: '', label: '' };

/** The unfiltered first page, asked for as the page loads (beside the sign-in check) to save a round trip. */
let firstPage: Promise<AppPage> | undefined;
export function prefetchFirstPage(): void {
  firstPage = api.apps(emptyFilters, 0, chunk);
  firstPage.catch(() => undefined);
}

function target(app: AppView): string {
  const d = app.destination;
  return d.target === 'host' ? 'host' : `${app.cluster ?? d.context ?? d.server ?? 'default'}${d.namespace ? ` / ${d.namespace}` : ''}`;
}

/**
 * Every app the user may see, filtered on the server and read a page (100 rows) at a time as the list
 * scrolls; only the rows in view are in the DOM. Live: a status event updates its row in place.
 */
export function AppsList() {
  const [filters, setFilters] = useState<ListFilters>(emptyFilters);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [facets, setFacets] = useState<AppPage['facets'] | undefined>(undefined);
  const rows = useRef(new Map<number, AppView>());
  const [version, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const viewport = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const pendingMark = useRef<string | undefined>('tideway:first-rows');

  const load = useCallback(
    async (offset: number, fresh: boolean) => {
      const start = Math.floor(offset / chunk) * chunk;
      if (!fresh && (loading.current.has(start) || rows.current.has(start))) return;
      if (fresh) {
        controller.current?.abort();
        generation.current++;
        loading.current.clear();
      }
      const gen = generation.current;
      const abort = new AbortController();
      if (fresh) controller.current = abort;
      loading.current.add(start);
      try {
        const early = fresh && start === 0 && filters === emptyFilters ? firstPage : undefined;
        firstPage = undefined;
        const page = await (early?.catch(() => api.apps(filters, start, chunk, abort.signal)) ??
          api.apps(filters, start, chunk, abort.signal));
        if (gen !== generation.current) return;
        if (fresh) rows.current = new Map();
        page.apps.forEach((a, i) => rows.current.set(start + i, a));
        setTotal(page.total);
        setFacets(page.facets);
        setVersion((v) => v + 1);
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
      } finally {
        loading.current.delete(start);
      }
    },
    [filters],
  );

  useEffect(() => {
    void load(0, true);
    if (viewport.current) viewport.current.scrollTop = 0;
  }, [load]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const resize = () => setHeight(el.clientHeight);
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Live: a status event updates the row it concerns; a change of membership (a new or removed app,
  // or one that may leave the filter) reloads the rows in view, at most every 500 ms.
  useEffect(() => {
    let timer: number | undefined;
    const reload = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        const first = Math.floor(scrollTopRef.current / rowHeight);
        generation.current++;
        rows.current = new Map();
        void load(first, false);
      }, 500);
    };
    const off = onLive((e) => {
      if (e.type === 'app.status') {
        for (const [i, a] of rows.current) if (a.name === e.app) rows.current.set(i, { ...a, status: e.status });
        setVersion((v) => v + 1);
        if (filters.health || filters.sync) reload();
      } else if (e.type === 'app.removed') reload();
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [load, filters]);
  const scrollTopRef = useRef(0);
  scrollTopRef.current = scrollTop;

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total ?? 0, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  useEffect(() => {
    for (let i = first; i < last; i += chunk) if (!rows.current.has(i)) void load(i, false);
    if (last > first && !rows.current.has(last - 1)) void load(last - 1, false);
  }, [first, last, load, version]);

  // Performance marks for the benchmark: rows painted after navigation, and after each filter change.
  useEffect(() => {
    if (!pendingMark.current || total === undefined) return;
    const name = pendingMark.current;
    pendingMark.current = undefined;
    requestAnimationFrame(() => performance.mark(name));
  }, [version]);

  const set = (key: keyof ListFilters) => (e: Event) => {
    performance.mark('tideway:filter-input');
    pendingMark.current = 'tideway:filter-applied';
    setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value });
  };

  const visible = useMemo(() => {
    const out: Array<{ index: number; app?: AppView }> = [];
    for (let i = first; i < last; i++) out.push({ index: i, app: rows.current.get(i) });
    return out;
  }, [first, last, version]);

  const select = (id: keyof ListFilters, label: string, options: string[]) => html`<div class="field">
    <label for=${`filter-${id}`}>${label}</label>
    <select id=${`filter-${id}`} value=${filters[id]} onChange=${set(id)}>
      <option value="">All</option>
      ${options.map((o) => html`<option value=${o}>${o}</option>`)}
    </select>
  </div>`;

  return html`<section class="apps" aria-labelledby="apps-title">
    <h1 id="apps-title">Apps <span class="count" aria-live="polite">${total === undefined ? '' : `${total} shown`}</span></h1>
    <form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
      <div class="field grow">
        <label for="filter-search">Search</label>
        <input id="filter-search" type="search" placeholder="name or repository" value=${filters.search} onInput=${set('search')} />
      </div>
      ${select('health', 'Health', ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'])}
      ${select('sync', 'Sync status', ['Synced', 'OutOfSync', 'Unknown'])}
      ${select('cluster', 'Cluster', facets?.clusters ?? [])}
      ${select('namespace', 'Namespace', facets?.namespaces ?? [])}
      <div class="field">
        <label for="filter-label">Label</label>
        <input id="filter-label" placeholder="key=value" value=${filters.label} onInput=${set('label')} />
      </div>
    </form>
    <div class="grid-head" aria-hidden="true">
      <span>Name</span><span>Sync</span><span>Health</span><span>Revision</span><span>Last sync</span><span>Target</span>
    </div>
    <div class="viewport" ref=${viewport} tabindex="0" aria-label="apps list, scrollable" onScroll=${(e: Event) => setScrollTop((e.target as HTMLElement).scrollTop)}>
      <div role="table" aria-label="Apps" aria-rowcount=${total ?? 0} class="rows" style=${{ height: `${(total ?? 0) * rowHeight}px` }}>
        ${visible.map(({ index, app }) =>
          app
            ? html`<div role="row" class="row" aria-rowindex=${index + 1} style=${{ top: `${index * rowHeight}px` }} key=${app.name}>
                <span role="cell" class="name"><a href=${`#/apps/${encodeURIComponent(app.name)}`}>${app.name}</a>${app.status?.paused ? html` <span class="paused">paused</span>` : ''}${
                  app.waitingFor?.length
                    ? html` <span class="waiting" title=${waitsText(app.waitingFor)}>waiting for ${app.waitingFor.map((w) => w.name).join(', ')}</span>`
                    : ''
                }</span>
                <span role="cell"><${Badge} kind="sync" value=${app.status?.syncStatus} /></span>
                <span role="cell"><${Badge} kind="health" value=${app.status?.health.status} /></span>
                <span role="cell" class="revision" title=${app.status?.revision?.message ?? ''}><code>${shortSha(app.status?.revision?.sha)}</code> ${firstLine(app.status?.revision?.message)}</span>
                <span role="cell">${ago(app.status?.lastSync?.finishedAt ?? app.status?.lastSync?.startedAt)}</span>
                <span role="cell">${target(app)}</span>
              </div>`
            : html`<div role="row" class="row loading" aria-rowindex=${index + 1} style=${{ top: `${index * rowHeight}px` }} key=${`l${index}`}><span role="cell">loading...</span></div>`,
        )}
      </div>
      ${total === 0 && html`<p class="empty">No app matches.</p>`}
    </div>
  </section>`;
}
