import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLive, type LiveState } from './live';

/** A stand-in for the browser's EventSource: the test opens, fails and closes it by hand. */
class FakeSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: { data: string; lastEventId?: string }) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, f: (e: { data: string; lastEventId?: string }) => void) {
    this.listeners.set(type, f);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.onopen?.();
  }
  fail(closed = false) {
    this.readyState = closed ? FakeSource.CLOSED : FakeSource.CONNECTING;
    this.onerror?.();
  }
}

describe('connectLive', () => {
  let states: LiveState[];
  let polls: number;
  let events: [string, unknown][];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.all = [];
    vi.stubGlobal('EventSource', FakeSource);
    states = [];
    polls = 0;
    events = [];
    stop = connectLive({
      onState: (s) => states.push(s),
      onPoll: () => polls++,
      onEvent: (type, data) => events.push([type, data]),
    });
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('goes live on open, reloads once to catch up, and passes events on', () => {
    FakeSource.all[0].open();
    expect(states).toEqual(['connecting', 'live']);
    expect(polls).toBe(1);
    FakeSource.all[0].listeners.get('anomaly')!({ data: '{"monitor":"web-1"}' });
    FakeSource.all[0].listeners.get('status_changed')!({ data: 'not json' });
    expect(events).toEqual([
      ['anomaly', { monitor: 'web-1' }],
      ['status_changed', null],
    ]);
  });

  it('says reconnecting at once, and after 10 s without a stream polls every 30 s and says so', () => {
    FakeSource.all[0].open();
    FakeSource.all[0].fail();
    expect(states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(9_999);
    expect(states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(1);
    expect(states.at(-1)).toBe('polling');
    const atStart = polls;
    vi.advanceTimersByTime(60_000);
    expect(polls - atStart).toBe(2);
  });

  it('stops polling when the stream comes back (the browser resumes with Last-Event-ID)', () => {
    FakeSource.all[0].fail();
    vi.advanceTimersByTime(10_000);
    expect(states.at(-1)).toBe('polling');
    FakeSource.all[0].open();
    expect(states.at(-1)).toBe('live');
    const after = polls;
    vi.advanceTimersByTime(90_000);
    expect(polls).toBe(after);
  });

  it('opens a new connection itself when the browser gave up on the old one', () => {
    FakeSource.all[0].fail(true);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(5_000);
    expect(FakeSource.all).toHaveLength(2);
    expect(FakeSource.all[1].url).toBe('/api/stream');
  });

  it('keeps saying it polls while its own reconnects keep failing, and resumes from the last event', () => {
    FakeSource.all[0].open();
    FakeSource.all[0].listeners.get('anomaly')!({ data: '{}', lastEventId: '41' });
    FakeSource.all[0].fail(true); // e.g. a 503 during a rollout: the browser gives up
    vi.advanceTimersByTime(5_000);
    FakeSource.all[1].fail(true);
    vi.advanceTimersByTime(5_000); // 10 s: polling starts, and a third attempt opens
    expect(FakeSource.all).toHaveLength(3);
    expect(states.at(-1)).toBe('polling');
    expect(FakeSource.all[2].url).toBe('/api/stream?last_event_id=41');
    FakeSource.all[2].fail(true);
    expect(states.at(-1)).toBe('polling');
    vi.advanceTimersByTime(5_000);
    expect(FakeSource.all).toHaveLength(4);
    expect(states.at(-1)).toBe('polling');
    FakeSource.all[3].open();
    expect(states.at(-1)).toBe('live');
  });

  it('closes the stream and stops timers when stopped', () => {
    FakeSource.all[0].fail();
    stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all[0].closed).toBe(true);
    expect(polls).toBe(0);
  });
});
