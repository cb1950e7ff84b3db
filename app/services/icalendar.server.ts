/**
 * A small iCalendar (RFC 5545) writer for published calendars: CRLF line endings, content lines
 * folded at 75 octets on UTF-8 character boundaries, TEXT values escaped (backslash, semicolon,
 * comma, newline) and stripped of control characters, every date-time in UTC.
 */

export type CalendarEvent = {
  /** Globally unique and permanent: the same event keeps its UID whatever changes. */
  uid: string;
  start: Date;
  /** Length of the event in seconds (written as DURATION); 0 for a moment such as a deadline. */
  durationSeconds: number;
  summary: string;
  description?: string;
  url?: string;
  /** Bumped on every significant change (a new date, a cancellation) so clients replace their copy. */
  sequence: number;
  created?: Date;
  lastModified?: Date;
  cancelled?: boolean;
  categories?: string[];
};

export type Calendar = {
  prodId: string;
  name: string;
  description?: string;
  /** How often subscribers should refresh, in seconds (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number;
  events: CalendarEvent[];
};

export const ICALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;

/** YYYYMMDDTHHMMSSZ (UTC "form #2" of RFC 5545 §3.3.5). */
export function icalDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** RFC 5545 §3.3.6 duration, e.g. PT0S, PT1H30M, P1DT2H. */
export function icalDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  let time = "";
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (secs) time += `${secs}S`;
  if (!days && !time) return "PT0S";
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

// CONTROL characters are not allowed in TEXT (tab is; newlines are written as "\n"), nor are lone
// surrogates in UTF-8.
const TEXT_CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F]|[\uD800-\uDFFF]/gu;

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, "\n")
    .split("\n")
    .map((line) => line.replace(TEXT_CONTROLS, "").replace(/[\\;,]/g, (c) => `\\${c}`))
    .join("\\n");
}

/** A URI value cannot be escaped: anything that could break the content line is dropped. */
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F]/g, "");
}

/**
 * Folds one content line so no physical line exceeds 75 octets (RFC 5545 §3.1): continuation
 * lines start with a single space, and a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let start = 0;
  let room = MAX_LINE_OCTETS;
  while (start < bytes.length) {
    let end = Math.min(start + room, bytes.length);
    // 10xxxxxx is a continuation byte: step back to the start of that character.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
    room = MAX_LINE_OCTETS - 1; // the leading space counts
  }
  return parts.join(`${CRLF} `);
}

function eventLines(e: CalendarEvent, stamp: Date): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${uriValue(e.uid)}`,
    `DTSTAMP:${icalDateTime(stamp)}`,
    `DTSTART:${icalDateTime(e.start)}`,
    `DURATION:${icalDuration(e.durationSeconds)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${uriValue(e.url)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(",")}`);
  lines.push(`SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`);
  if (e.created) lines.push(`CREATED:${icalDateTime(e.created)}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${icalDateTime(e.lastModified)}`);
  lines.push(`STATUS:${e.cancelled ? "CANCELLED" : "CONFIRMED"}`, "TRANSP:TRANSPARENT", "END:VEVENT");
  return lines;
}

/** The whole VCALENDAR object. `now` is the DTSTAMP (when this iCalendar object was created). */
export function renderCalendar(calendar: Calendar, now: Date = new Date()): string {
  const lines = [
    "BEGIN:VCALENDAR",
    `PRODID:${escapeText(calendar.prodId)}`,
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  if (calendar.refreshSeconds) {
    const d = icalDuration(calendar.refreshSeconds);
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${d}`, `X-PUBLISHED-TTL:${d}`);
  }
  for (const event of calendar.events) lines.push(...eventLines(event, now));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
