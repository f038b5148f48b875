import { useCallback, useEffect, useRef, useState } from 'react';
import { api, SIGNED_OUT, type Me, type Monitor, type StatusSummary, type SystemStatus } from './api';
import { connectLive, type LiveState } from './live';
import { parseRoute, routeHash, type Route } from './route';
import { Overview } from './pages/Overview';
import { MonitorDetail } from './pages/MonitorDetail';
import { Outages } from './pages/Outages';
import { Logs } from './pages/Logs';
import { Insights } from './pages/Insights';
import { Maintenance } from './pages/Maintenance';
import { System } from './pages/System';
import { bannerText } from './system';
import { Notifications } from './pages/Notifications';
import { AgentTokens } from './pages/AgentTokens';
import { stamp } from './format';
import { ErrorBoundary } from './pages/ErrorBoundary';
import { ChangePassword, SignIn } from './pages/SignIn';
import { chooseTenant, reconcileTenant, tenantChoices } from './tenant';

const PAGES = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'monitors', label: 'Monitors' },
  { page: 'outages', label: 'Outages' },
  { page: 'logs', label: 'Logs' },
  { page: 'insights', label: 'Anomaly insights' },
  { page: 'maintenance', label: 'Maintenance' },
  { page: 'system', label: 'System' },
  { page: 'notifications', label: 'Notifications' },
  { page: 'agent-tokens', label: 'Agent tokens', admin: true },
];

/** How often the dashboard asks whether detection keeps up (a pipeline event asks at once). */
const SYSTEM_POLL_MS = 5000;

type Theme = 'system' | 'dark' | 'light';

function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    try {
      const t = localStorage.getItem('sentinel.theme');
      return t === 'dark' || t === 'light' ? t : 'system';
    } catch {
      return 'system';
    }
  });
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    try {
      localStorage.setItem('sentinel.theme', theme);
    } catch {
      // private mode
    }
  }, [theme]);
  return [theme, setTheme];
}

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Live stream unavailable: refreshing every 30 s',
};

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

/** Signed in, the dashboard; else the sign-in (and, after a one-time password, a new password). */
export function App() {
  // undefined: asking the server; null: nobody signed in
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.me().then(setMe, (e) => setError(e instanceof Error ? e.message : String(e)));
    const signedOut = () => setMe(null);
    window.addEventListener(SIGNED_OUT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT, signedOut);
  }, []);
  if (error)
    return (
      <div className="notice error" role="alert">
        {error}
      </div>
    );
  if (me === undefined) return null;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  if (me.must_change_password) return <ChangePassword me={me} onChanged={setMe} />;
  return (
    <Dashboard
      me={me}
      onSignOut={async () => {
        await api.logout();
        setMe(null);
      }}
    />
  );
}

function Dashboard({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const route = useRoute();
  const [monitors, setMonitors] = useState<Monitor[] | null>(null);
  const [total, setTotal] = useState(0);
  const [summary, setSummary] = useState<StatusSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const [lastUpdate, setLastUpdate] = useState<string | null>(null);
  const [tick, setTick] = useState(0); // bumps on every live event: pages refresh their data
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [theme, setTheme] = useTheme();
  const [system, setSystem] = useState<SystemStatus | null>(null);
  // the tenant the view is narrowed to (null: all the caller's tenants); a ref for the live stream
  const choices = tenantChoices(me.tenants);
  const [tenant, setTenant] = useState<string | null>(() => reconcileTenant(me.tenants));
  const tenantRef = useRef(tenant);

  const loadSystem = useCallback(async () => {
    try {
      setSystem(await api.system());
    } catch {
      // the query-service not answering is shown by the live state and the pages' errors
    }
  }, []);

  useEffect(() => {
    loadSystem();
    const timer = setInterval(loadSystem, SYSTEM_POLL_MS);
    return () => clearInterval(timer);
  }, [loadSystem]);

  // only the latest load is shown: one begun before a tenant switch must not overwrite the new view
  const loads = useRef(0);
  const loadMonitors = useCallback(async () => {
    const load = ++loads.current;
    try {
      const [list, counts] = await Promise.all([api.monitors(), api.summary()]);
      if (load !== loads.current) return;
      setMonitors(list.monitors);
      setTotal(list.total);
      setSummary(counts);
      setError(null);
      setLastUpdate(new Date().toISOString());
    } catch (e) {
      if (load === loads.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    loadMonitors();
    return connectLive({
      tenant: () => tenantRef.current,
      onState: setLive,
      onPoll: () => {
        loadMonitors();
        setTick((t) => t + 1);
      },
      onEvent: (type) => {
        if (type === 'pipeline_degraded' || type === 'pipeline_recovered') loadSystem();
        // coalesce bursts of events into one refresh per second at most
        if (refreshTimer.current) return;
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null;
          loadMonitors();
          setTick((t) => t + 1);
        }, 1000);
      },
    });
  }, [loadMonitors, loadSystem]);

  const switchTenant = (next: string | null) => {
    chooseTenant(next);
    tenantRef.current = next;
    setTenant(next);
    setMonitors(null);
    loadMonitors();
    setTick((t) => t + 1);
  };

  const stale = system?.detection.stale ?? false;
  useEffect(() => {
    // statuses become (or stop being) stale: show it at once, not at the next event
    loadMonitors();
  }, [stale, loadMonitors]);
  const banner = bannerText(system?.detection);

  useEffect(() => {
    // the browser tab says what is wrong too
    const down = summary?.down ?? 0;
    const critical = summary?.critical ?? 0;
    const parts = [down ? `▼ ${down} down` : '', critical ? `◆ ${critical} critical` : ''].filter(Boolean);
    document.title = parts.length ? `${parts.join(' · ')} — Sentinel` : 'Sentinel';
  }, [summary]);

  let page;
  if (route.page === 'monitors' && route.id)
    page = <MonitorDetail key={route.id} id={route.id} route={route} monitors={monitors} tick={tick} />;
  else if (route.page === 'outages') page = <Outages tick={tick} params={route.params} />;
  else if (route.page === 'logs') page = <Logs tick={tick} params={route.params} />;
  else if (route.page === 'insights' || route.page === 'anomalies') page = <Insights tick={tick} params={route.params} />;
  else if (route.page === 'maintenance') page = <Maintenance monitors={monitors} tick={tick} />;
  else if (route.page === 'system') page = <System system={system} tick={tick} onChange={loadSystem} />;
  else if (route.page === 'notifications') page = <Notifications tick={tick} />;
  else if (route.page === 'agent-tokens' && me.role === 'admin') page = <AgentTokens tick={tick} />;
  else page = <Overview monitors={monitors} total={total} summary={summary} error={error} route={route} />;
  const current = route.page === 'anomalies' ? 'insights' : route.page;

  return (
    <div className="layout">
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Sentinel</div>
        <ul>
          {PAGES.filter((p) => !p.admin || me.role === 'admin').map((p) => (
            <li key={p.page}>
              <a href={routeHash(p.page, null)} aria-current={current === p.page ? 'page' : undefined}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
        <label className="theme">
          Theme{' '}
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} data-testid="theme">
            <option value="system">system</option>
            <option value="dark">dark</option>
            <option value="light">light</option>
          </select>
        </label>
      </nav>
      <main id="main" tabIndex={-1}>
        <header className="topbar">
          <span className={`live live-${live}`} role="status" data-testid="live-state" data-state={live}>
            <span aria-hidden="true">{live === 'live' ? '●' : live === 'polling' ? '◌' : '○'}</span> {LIVE_TEXT[live]}
          </span>
          <span className="updated" data-testid="last-update">
            Last update: {lastUpdate ? stamp(lastUpdate) : '–'}
          </span>
          {choices.length > 0 && (
            <label className="tenant">
              Tenant{' '}
              <select value={tenant ?? ''} onChange={(e) => switchTenant(e.target.value || null)} data-testid="tenant">
                <option value="">All tenants</option>
                {choices.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="user" data-testid="user">
            {me.name} <span className="muted">({me.role})</span>{' '}
            <button type="button" className="small secondary" data-testid="sign-out" onClick={onSignOut}>
              Sign out
            </button>
          </span>
        </header>
        {banner && (
          <div className="detection-banner" role="alert" data-testid="detection-banner" data-state={system?.detection.state}>
            <strong>{banner}.</strong> Monitor statuses may be out of date and are shown as stale.{' '}
            <a href={routeHash('system', null)}>System</a>
          </div>
        )}
        <ErrorBoundary page={window.location.hash}>{page}</ErrorBoundary>
      </main>
    </div>
  );
}
