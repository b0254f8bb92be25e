/**
 * Durations as text, one function per output style, so a session's length reads the same in every part that
 * prints it. Imports nothing.
 */

/**
 * Compact, for tables and tool text that people and agents scan: `12s`, `3m 07s`, `1h 02m 05s`. Minutes and
 * seconds are padded, so a column of them lines up.
 */
export function formatDurationCompact(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/**
 * For sentences: `350 ms`, `4.2 s`, `3 min 20 s`, `1 h 5 min`. Under a minute it keeps a tenth of a second,
 * because evidence ("3 clicks in 0.8 s") is checked against the replay's clock; past a minute it rounds to
 * what a person reads.
 */
export function formatDurationHuman(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
