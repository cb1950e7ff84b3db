/** A UTC timestamp, shown in UTC (the reference the community uses) with a machine-readable value. */
export function UtcTime({ value, withTime = true }: { value: string | Date; withTime?: boolean }) {
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatUtc(date, withTime)}</time>;
}

export function formatUtc(date: Date, withTime = true): string {
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}
