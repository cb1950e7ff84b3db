/** "2026-12-15 14:00 UTC": the community's reference format for dates. */
export function formatUtc(date: Date, withTime = true): string {
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

/**
 * The time rounded up to the next whole minute, for "time left" texts: pages rendered within the
 * same minute are byte-identical (so cached copies and ETags stay valid), and rounding up never
 * overstates the time left.
 */
export function minuteOf(date: Date): string {
  return new Date(Math.ceil(date.getTime() / 60_000) * 60_000).toISOString();
}
