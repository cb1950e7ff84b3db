import type { Locale } from "~/services/language";
import { NOUNS, plural } from "./plural";

/** "2026-12-15 14:00 UTC": the community's reference format for dates. */
export function formatUtc(date: Date, withTime = true): string {
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

// Always in UTC and saying so; the 24-hour clock in every language, as the community writes times.
const UTC_FORMATS = new Map<string, Intl.DateTimeFormat>();
function utcFormat(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${withTime}`;
  let format = UTC_FORMATS.get(key);
  if (!format) {
    const day = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" } as const;
    format = new Intl.DateTimeFormat(locale, withTime ? { ...day, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } : day);
    UTC_FORMATS.set(key, format);
  }
  return format;
}

/**
 * A UTC time in the reader's language: English keeps the reference format (formatUtc); the other
 * languages get their own order and month names through Intl ("15 déc. 2026, 14:05 UTC").
 */
export function formatUtcIn(date: Date, locale: Locale, withTime = true): string {
  return locale === "en" ? formatUtc(date, withTime) : utcFormat(locale, withTime).format(date);
}

/**
 * The time rounded up to the next whole minute, for "time left" texts: pages rendered within the
 * same minute are byte-identical (so cached copies and ETags stay valid), and rounding up never
 * overstates the time left.
 */
export function minuteOf(date: Date): string {
  return new Date(Math.ceil(date.getTime() / 60_000) * 60_000).toISOString();
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * A duration in words, as precise as a reader needs next to the exact time: "7 days",
 * "3 days and 12 hours", "30 hours", "1 hour and 20 minutes", "45 minutes": rounded to the hour
 * from two hours on (counted in days and hours from two days on), to the minute below that.
 */
export function durationText(ms: number): string {
  const parts = durationParts(ms);
  if (parts.length === 0) return "less than a minute";
  return parts.map((p) => plural(p.count, NOUNS[p.unit])).join(" and ");
}

export type DurationPart = { unit: "day" | "hour" | "minute"; count: number };

/** The one or two counted units durationText says (none: less than a minute), for every language. */
export function durationParts(ms: number): DurationPart[] {
  const pair = (a: DurationPart, b: DurationPart) => (b.count === 0 ? [a] : [a, b]);
  if (ms < 2 * HOUR_MS) {
    const minutes = Math.round(ms / MINUTE_MS);
    if (minutes < 1) return [];
    const [hours, rest] = [Math.floor(minutes / 60), minutes % 60];
    if (hours === 0) return [{ unit: "minute", count: rest }];
    return pair({ unit: "hour", count: hours }, { unit: "minute", count: rest });
  }
  const hours = Math.round(ms / HOUR_MS);
  if (hours < 48) return [{ unit: "hour", count: hours }];
  return pair({ unit: "day", count: Math.floor(hours / 24) }, { unit: "hour", count: hours % 24 });
}
