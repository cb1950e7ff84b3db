/** "2026-12-15 14:00 UTC": the community's reference format for dates. */
export function formatUtc(date: Date, withTime = true): string {
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}
