/** Hash routes ("#/outages?monitor=x"), so a view — page, search, filter — can be shared as a URL. */
export interface Route {
  page: string;
  id: string | null;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  return {
    page: parts[0] ?? 'dashboard',
    id: parts[1] ? decodeURIComponent(parts[1]) : null,
    params: new URLSearchParams(query),
  };
}

export function routeHash(page: string, id: string | null, params: Record<string, string | null | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const q = p.toString();
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}${q ? `?${q}` : ''}`;
}

/**
 * Sets the hash without a new history entry (typing in a search box should not make Back step
 * through every keystroke) and tells the app at once, so a controlled input keeps its cursor.
 */
export function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  window.history.replaceState(window.history.state, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
