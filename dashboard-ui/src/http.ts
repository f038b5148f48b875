/**
 * How the dashboard talks to the query-service: JSON over fetch, the chosen tenant on every request but
 * the session's own, a problem+json answer as an {@link ApiError}, and a 401 as the end of the session
 * ({@link SIGNED_OUT}).
 */
import { chosenTenant, TENANT_HEADER } from './tenant';

/** One invalid field of a problem+json answer. */
export interface InvalidParam {
  in: string;
  name: string;
  detail: string;
}

/** An API error with the problem+json detail (and the invalid fields) when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: InvalidParam[] = [],
  ) {
    super(message);
  }
}

/** Fired on window when the API answers 401: the session is gone. */
export const SIGNED_OUT = 'sentinel:signed-out';

export async function send<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await sendWithHeaders<T>(path, init)).body;
}

export async function sendWithHeaders<T>(path: string, init: RequestInit = {}): Promise<{ body: T; headers: Headers }> {
  let response: Response;
  // the chosen tenant narrows every request; not the caller's own session (sign-in, its tenants), so
  // a tenant an administrator since removed cannot hide the list to choose again from
  const tenant = path.startsWith('/api/session') ? null : chosenTenant();
  const headers: Record<string, string> = { Accept: 'application/json', ...((init.headers as Record<string, string>) ?? {}) };
  if (tenant) headers[TENANT_HEADER] = tenant;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, `${path}: the query-service does not answer (${e instanceof Error ? e.message : e})`);
  }
  if (!response.ok) {
    let detail = response.statusText;
    let errors: InvalidParam[] = [];
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
      errors = Array.isArray(problem.errors) ? problem.errors : [];
    } catch {
      // not problem+json: keep the status text
    }
    // the session ended (expired, signed out elsewhere, user disabled): the app shows the sign-in
    if (response.status === 401 && !path.startsWith('/api/session')) window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError(response.status, `${response.status} ${detail}`, errors);
  }
  if (response.status === 204) return { body: undefined as T, headers: response.headers };
  const body = await response.json();
  return { body: body as T, headers: response.headers };
}

export const get = <T>(path: string, signal?: AbortSignal) => send<T>(path, { signal });

export const post = <T>(path: string, body: unknown, signal?: AbortSignal) =>
  send<T>(path, {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
