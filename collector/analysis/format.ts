/** Human-readable times for evidence lines: where in the replay to look. */

/** `83_400` → `"1:23.4"`, `4_200` → `"0:04.2"`: a replay player's clock. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 100)) / 10;
  const minutes = Math.floor(total / 60);
  const seconds = (total - minutes * 60).toFixed(1).padStart(4, "0");
  return `${minutes}:${seconds}`;
}
