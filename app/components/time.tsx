import { formatUtc } from "~/models/time";
import { useHydrated } from "./hydrated";

export { formatUtc };

/** A UTC timestamp, shown in UTC (the reference the community uses) with a machine-readable value. */
export function UtcTime({ value, withTime = true }: { value: string | Date; withTime?: boolean }) {
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatUtc(date, withTime)}</time>;
}

// dateStyle/timeStyle cannot be combined with timeZoneName (a TypeError): name the parts.
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

/**
 * UTC, followed — once the browser has run — by the same instant in the reader's own time zone.
 * Without JavaScript the UTC time alone is shown, which is the reference anyway.
 */
export function UtcAndLocalTime({ value }: { value: string | Date }) {
  const date = typeof value === "string" ? new Date(value) : value;
  // The server does not know the reader's time zone: the local time is added after hydration.
  const local = useHydrated() ? LOCAL_TIME.format(date) : null;
  return (
    <>
      <UtcTime value={date} />
      {local ? <span className="muted"> (your time: {local})</span> : null}
    </>
  );
}
