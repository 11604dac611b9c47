/** Loads data for a page: the value, the failure, and a way to load again after a change. */
import { useEffect, useState } from "preact/hooks";

export type Loaded<T> = { data: T | null; error: string | null; reload: () => void };

export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    load()
      .then((value) => current && setData(value))
      .catch((failure: unknown) => current && setError(failure instanceof Error ? failure.message : "Could not load"));
    return () => {
      current = false;
    };
  }, [...keys, round]);
  return { data, error, reload: () => setRound((n) => n + 1) };
}
