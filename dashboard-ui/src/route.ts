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
