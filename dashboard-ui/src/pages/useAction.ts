import { useState } from 'react';
import { ApiError } from '../api';

/** An API error in words: each invalid field with what is wrong, else the problem's detail. */
export function problemMessage(e: unknown): string {
  if (e instanceof ApiError && e.errors.length > 0) return e.errors.map((x) => `${x.name}: ${x.detail}`).join('; ');
  return e instanceof Error ? e.message : String(e);
}

/**
 * A page's changes (create, delete, revoke…): `run` performs one and says how it went in `info` or
 * `error`; `changed` bumps after each success so the page reloads its lists.
 */
export function useAction() {
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setError(null);
      setInfo(done);
      setChanged((c) => c + 1);
    } catch (e) {
      setInfo(null);
      setError(problemMessage(e));
    }
  };
  return { changed, error, info, run };
}
