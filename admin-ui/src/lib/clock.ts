/**
 * The time the UI counts deadlines against. The server may run a manual clock (tests, demos),
 * so the UI keeps the offset between the server's time and the browser's.
 */
import { useEffect, useState } from 'react';
import { client } from '../api.js';

let offsetMs = 0;
const listeners = new Set<() => void>();

/** Records the server's current time (epoch ms), as reported by the API. */
function setServerNow(serverNow: number): void {
  if (!Number.isFinite(serverNow)) return;
  offsetMs = serverNow - Date.now();
  for (const listener of listeners) listener();
}

/** The server's time now, as best known. */
function serverNow(): number {
  return Date.now() + offsetMs;
}

/** The server's time, re-rendering every `intervalMs` so countdowns move. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const update = () => setNow(serverNow());
    const timer = window.setInterval(update, intervalMs);
    listeners.add(update);
    return () => {
      window.clearInterval(timer);
      listeners.delete(update);
    };
  }, [intervalMs]);
  return now;
}

/** A span of time as `2d 03:04:05` (`2天 03:04:05` in Chinese), `03:04:05` or `04:05`. */
export function formatSpan(ms: number, language: 'en' | 'zh' = 'en'): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${days}${language === 'zh' ? '天' : 'd'} ${clock}` : clock;
}

/** A timestamp in the user's locale and time zone. */
export function formatTime(epochMs: number | undefined, language: 'en' | 'zh'): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '—';
  return new Date(epochMs).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
}

/** Asks the server for its time (`GET /api/clock`) and keeps the offset; a failure keeps the old one. */
export async function syncServerClock(): Promise<void> {
  try {
    const { data } = await client.GET('/api/clock');
    if (data) setServerNow(data.now);
  } catch {
    // Offline or not signed in: countdowns use the last known offset.
  }
}

/** Keeps the server clock offset fresh while mounted. */
export function useServerClockSync(intervalMs = 30_000): void {
  useEffect(() => {
    void syncServerClock();
    const timer = window.setInterval(() => void syncServerClock(), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
}
