import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Monitor } from './api';
import { connectLive, type LiveState } from './live';
import { parseRoute, routeHash, type Route } from './route';
import { Overview } from './pages/Overview';
import { MonitorDetail } from './pages/MonitorDetail';
import { Outages } from './pages/Outages';
import { Logs } from './pages/Logs';
import { Anomalies } from './pages/Anomalies';
import { stamp } from './format';

const PAGES = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'monitors', label: 'Monitors' },
  { page: 'outages', label: 'Outages' },
  { page: 'logs', label: 'Logs' },
  { page: 'anomalies', label: 'Anomalies' },
];

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

export function App() {
  const route = useRoute();
  const [monitors, setMonitors] = useState<Monitor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const [lastUpdate, setLastUpdate] = useState<string | null>(null);
  const [tick, setTick] = useState(0); // bumps on every live event: pages refresh their data
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadMonitors = useCallback(async () => {
    try {
      setMonitors(await api.monitors());
      setError(null);
      setLastUpdate(new Date().toISOString());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    loadMonitors();
    return connectLive({
      onState: setLive,
      onPoll: () => {
        loadMonitors();
        setTick((t) => t + 1);
      },
      onEvent: () => {
        // coalesce bursts of events into one refresh
        if (refreshTimer.current) return;
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null;
          loadMonitors();
          setTick((t) => t + 1);
        }, 300);
      },
    });
  }, [loadMonitors]);

  let page;
  if (route.page === 'monitors' && route.id) page = <MonitorDetail id={route.id} monitors={monitors} tick={tick} />;
  else if (route.page === 'outages') page = <Outages tick={tick} />;
  else if (route.page === 'logs') page = <Logs tick={tick} params={route.params} />;
  else if (route.page === 'anomalies') page = <Anomalies tick={tick} params={route.params} />;
  else page = <Overview monitors={monitors} error={error} route={route} />;

  return (
    <div className="layout">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Sentinel</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p.page}>
              <a href={routeHash(p.page, null)} aria-current={route.page === p.page ? 'page' : undefined}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <header className="topbar">
          <span className={`live live-${live}`} role="status" data-testid="live-state">
            <span aria-hidden="true">{live === 'live' ? '●' : '○'}</span> {LIVE_TEXT[live]}
          </span>
          <span className="updated" data-testid="last-update">
            Last update: {lastUpdate ? stamp(lastUpdate) : '–'}
          </span>
        </header>
        {page}
      </main>
    </div>
  );
}
