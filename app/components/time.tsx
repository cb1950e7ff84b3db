import { formatUtcIn } from "~/models/time";
import { useLocale, useT } from "~/i18n/t";
import { useHydrated } from "./hydrated";

/** A UTC timestamp, shown in UTC (the reference the community uses) with a machine-readable value. */
export function UtcTime({ value, withTime = true }: { value: string | Date; withTime?: boolean }) {
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatUtcIn(date, useLocale(), withTime)}</time>;
}

// dateStyle/timeStyle cannot be combined with timeZoneName (a TypeError): name the parts.
const LOCAL_TIME_OPTIONS = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
} as const;

/**
 * UTC, followed — once the browser has run — by the same instant in the reader's own time zone.
 * Without JavaScript the UTC time alone is shown, which is the reference anyway.
 */
export function UtcAndLocalTime({ value }: { value: string | Date }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const t = useT();
  const locale = useLocale();
  // The server does not know the reader's time zone: the local time is added after hydration.
  const local = useHydrated() ? new Intl.DateTimeFormat(locale, LOCAL_TIME_OPTIONS).format(date) : null;
  return (
    <>
      <UtcTime value={date} />
      {local ? <span className="muted">{t("shell.time.yourTime", { time: local })}</span> : null}
    </>
  );
}
