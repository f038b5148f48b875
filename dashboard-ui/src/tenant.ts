/**
 * The tenant the dashboard is narrowed to (issue 15 item 3, decision 015). A user of several
 * tenants chooses one in the top bar, or all of them; the choice is kept in localStorage, sent as
 * X-Sentinel-Tenant on REST requests (api.ts), and applied to the live stream here, since
 * EventSource cannot send headers (the server already limits the stream to the caller's tenants).
 */
export const TENANT_HEADER = 'X-Sentinel-Tenant';
const KEY = 'sentinel.tenant';

/** The tenants one may choose between: none when the caller has one tenant, or every tenant (`*`). */
export function tenantChoices(tenants: readonly string[] | undefined): string[] {
  if (!tenants || tenants.length < 2 || tenants.includes('*')) return [];
  return [...tenants];
}

/** The remembered tenant, or null for all the caller's tenants. */
export function chosenTenant(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) || null;
  } catch {
    return null; // storage disabled: all tenants
  }
}

/** Remembers the tenant (null: all tenants). */
export function chooseTenant(tenant: string | null): void {
  try {
    if (tenant) globalThis.localStorage?.setItem(KEY, tenant);
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // storage disabled: nothing is remembered, the dashboard shows all tenants
  }
}

/**
 * Forgets a remembered tenant the caller may not choose (any more): removed by an administrator,
 * or another user signed in on this browser. Answers the tenant in force.
 */
export function reconcileTenant(tenants: readonly string[] | undefined): string | null {
  const chosen = chosenTenant();
  if (chosen && !tenantChoices(tenants).includes(chosen)) {
    chooseTenant(null);
    return null;
  }
  return chosen;
}

/** Whether a live event belongs in the view: all tenants, an event of the tenant, or a notice for everyone. */
export function inTenant(data: unknown, tenant: string | null): boolean {
  if (!tenant) return true;
  const of = data && typeof data === 'object' ? (data as { tenant?: unknown }).tenant : undefined;
  return of === undefined || of === null || of === tenant;
}
