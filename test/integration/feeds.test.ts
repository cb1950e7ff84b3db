import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "~/services/db.server";
import * as siteFeedRoute from "~/routes/feed[.]xml";
import * as consultationFeedRoute from "~/routes/consultations.$slug.feed[.]xml";
import * as siteCalendarRoute from "~/routes/calendar[.]ics";
import * as consultationCalendarRoute from "~/routes/consultations.$slug.calendar[.]ics";
import { extendClosing, reviseConsultation } from "~/features/consultations/consultation.server";
import { escapeXml, renderAtomFeed } from "~/services/atom.server";
import { escapeText, foldLine, icalDuration } from "~/services/icalendar.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createOrganisation, createUser, makeRequest } from "../factories";

// The feeds and calendars are checked twice: by assertions on the text, and by the real parsers
// feed readers and calendar clients use (Debian's python3-feedparser and python3-icalendar, which
// CI installs). A missing parser fails these tests rather than skipping them.

const PYTHON = "/usr/bin/python3";

const FEEDPARSER = `
import json, sys, feedparser
d = feedparser.parse(open(sys.argv[1], "rb").read())
if d.bozo:
    raise SystemExit("not well-formed: %r" % (d.bozo_exception,))
assert d.version == "atom10", d.version
print(json.dumps({
    "id": d.feed.id, "title": d.feed.title, "updated": d.feed.updated,
    "links": sorted((l.rel, l.href) for l in d.feed.links),
    "entries": [{
        "id": e.id, "title": e.title, "link": e.link, "updated": e.updated,
        "published": e.get("published"), "author": e.get("author"),
        "summary": e.get("summary"), "content": e.content[0].value if "content" in e else None,
        "contentType": e.content[0].type if "content" in e else None,
    } for e in d.entries],
}))
`;

const ICALENDAR = `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
errors = [(c.name, c.errors) for c in cal.walk() if getattr(c, "errors", None)]
assert not errors, errors
assert cal.name == "VCALENDAR"
for required in ("PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"):
    assert required in cal, required
events = []
for ev in cal.walk("VEVENT"):
    for required in ("UID", "DTSTAMP", "DTSTART", "DURATION", "SUMMARY", "SEQUENCE"):
        assert required in ev, required
    start = ev.decoded("DTSTART")
    assert start.utcoffset().total_seconds() == 0, start
    events.append({
        "uid": str(ev["UID"]), "summary": str(ev["SUMMARY"]), "description": str(ev.get("DESCRIPTION", "")),
        "start": start.isoformat(), "sequence": int(ev["SEQUENCE"]), "status": str(ev.get("STATUS", "")),
        "url": str(ev.get("URL", "")), "duration": ev.decoded("DURATION").total_seconds(),
        "lastModified": ev.decoded("LAST-MODIFIED").isoformat() if "LAST-MODIFIED" in ev else None,
    })
print(json.dumps({"name": str(cal["X-WR-CALNAME"]), "version": str(cal["VERSION"]), "method": str(cal["METHOD"]), "events": events}))
`;

let tempCounter = 0;

/** Runs a parser script on `text` written to a temporary file; its JSON output. */
function parseWithPython(script: string, text: string) {
  const file = path.join(os.tmpdir(), `feeds-test-${process.pid}-${++tempCounter}`);
  fs.writeFileSync(file, text, "utf8");
  try {
    return JSON.parse(execFileSync(PYTHON, ["-c", script, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  } finally {
    fs.rmSync(file, { force: true });
  }
}

type ParsedFeed = {
  id: string;
  title: string;
  links: [string, string][];
  entries: {
    id: string;
    title: string;
    link: string;
    updated: string;
    author: string | null;
    summary: string | null;
    content: string | null;
    contentType: string | null;
  }[];
};
type ParsedCalendar = {
  name: string;
  method: string;
  events: {
    uid: string;
    summary: string;
    description: string;
    start: string;
    sequence: number;
    status: string;
    url: string;
    duration: number;
    lastModified: string | null;
  }[];
};

const parseFeed = (xml: string): ParsedFeed => parseWithPython(FEEDPARSER, xml);
const parseCalendar = (ics: string): ParsedCalendar => parseWithPython(ICALENDAR, ics);

const tagFor = (number: number, what: string) => `tag:localhost,2026:consultation-${number}:${what}`;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;

async function getSiteFeed() {
  const res = await call(siteFeedRoute.loader, makeRequest("/feed.xml"));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
  return res.data as string;
}

async function getConsultationFeed(slug: string) {
  const res = await call(consultationFeedRoute.loader, makeRequest(`/consultations/${slug}/feed.xml`), { slug });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  return res.data as string;
}

async function getSiteCalendar() {
  const res = await call(siteCalendarRoute.loader, makeRequest("/calendar.ics"));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
  return res.data as string;
}

async function getConsultationCalendar(slug: string) {
  const res = await call(consultationCalendarRoute.loader, makeRequest(`/consultations/${slug}/calendar.ics`), { slug });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  return res.data as string;
}

let commentCounter = 0;

async function addComment(options: {
  consultationId: string;
  planVersionId: string;
  seq: number;
  bodyHtml: string;
  authorName?: string;
  organisationId?: string;
  parentId?: string;
  sectionTitle?: string;
  hiddenAt?: Date;
  withdrawnAt?: Date;
  createdAt?: Date;
}) {
  commentCounter += 1;
  const author = await createUser({ displayName: options.authorName ?? `Commenter ${commentCounter}` });
  return db().comment.create({
    data: {
      consultationId: options.consultationId,
      planVersionId: options.planVersionId,
      seq: options.seq,
      authorId: author.id,
      organisationId: options.organisationId,
      parentId: options.parentId,
      depth: options.parentId ? 1 : 0,
      threadId: options.parentId,
      sectionTitle: options.sectionTitle,
      sectionId: options.sectionTitle?.toLowerCase(),
      bodyMd: options.bodyHtml,
      bodyHtml: options.bodyHtml,
      createdAt: options.createdAt ?? new Date(),
      hiddenAt: options.hiddenAt,
      hiddenReason: options.hiddenAt ? "Off topic." : undefined,
      withdrawnAt: options.withdrawnAt,
    },
  });
}

/** An open, a closed (with a final statement), a withdrawn consultation and a draft. */
async function sampleConsultations() {
  const staff = await createUser({ displayName: "IFM Staff", roles: ["ifm"] });
  const now = Date.now();
  const open = await createConsultation({ title: 'Keys & <Rollover> "2026"', createdById: staff.id });
  const closed = await createConsultation({
    opensAt: new Date(now - 50 * DAY),
    closesAt: new Date(now - 5 * DAY),
    concludedAt: new Date(now - DAY),
    createdById: staff.id,
  });
  const withdrawn = await createConsultation({
    opensAt: new Date(now - 3 * DAY),
    closesAt: new Date(now + 40 * DAY),
    withdrawnAt: new Date(now - DAY),
    createdById: staff.id,
  });
  const draft = await createConsultation({ title: "Secret draft plan", publishedAt: null, opensAt: null, closesAt: null, createdById: staff.id });
  const revised = await reviseConsultation({
    actor: staff,
    consultationId: open.consultation.id,
    bodyMd: "## Overview\n\nA better plan.",
    changeSummary: "Clarified the <rollback> & timing",
    timeline: [],
    now: new Date(now - 2 * DAY),
  });
  expect(revised).toEqual({ ok: true, version: 2 });
  await db().statement.create({
    data: {
      consultationId: closed.consultation.id,
      revisions: {
        create: {
          number: 1,
          contentJson: "{}",
          html: "<p>Statement</p>",
          markdown: "Statement",
          contentHash: "s1",
          publishedById: staff.id,
          publishedAt: new Date(now - 1.5 * DAY),
        },
      },
    },
  });
  return { staff, open, closed, withdrawn, draft };
}

// ---------------------------------------------------------------------------------------------
// Atom

test("the site feed lists publications, revisions, closings, withdrawals and statements newest first, and parses as Atom", async () => {
  const { open, closed, withdrawn } = await sampleConsultations();
  const xml = await getSiteFeed();

  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
  expect(xml).not.toContain("Secret draft plan");
  expect(xml).toContain("Keys &amp; &lt;Rollover&gt; &quot;2026&quot;");
  expect(xml).not.toContain("<Rollover>");
  expect(xml).toContain("Clarified the &lt;rollback&gt; &amp; timing");
  expect(xml).toContain(`/diff?from=1&amp;to=2"`);

  const feed = parseFeed(xml);
  expect(feed.id).toBe("tag:localhost,2026:feed");
  expect(feed.links).toEqual([
    ["alternate", "http://localhost:3000/consultations"],
    ["self", "http://localhost:3000/feed.xml"],
  ]);
  const o = open.consultation.number;
  const c = closed.consultation.number;
  const w = withdrawn.consultation.number;
  expect(feed.entries.map((e) => e.id)).toEqual([
    tagFor(w, "withdrawn"), // 1 day ago
    tagFor(c, "statement-1"), // 1.5 days ago
    tagFor(o, "version-2"), // 2 days ago
    tagFor(w, "published"), // 4 days ago
    tagFor(c, "closed"), // 5 days ago
    tagFor(o, "published"), // 11 days ago
    tagFor(c, "published"), // 51 days ago
  ]);
  const updated = feed.entries.map((e) => Date.parse(e.updated));
  expect([...updated].sort((a, b) => b - a)).toEqual(updated);

  const revision = feed.entries.find((e) => e.id === tagFor(o, "version-2"))!;
  expect(revision.title).toBe(`Consultation ${o}: plan revised to version 2 (Keys & <Rollover> "2026")`);
  expect(revision.link).toBe(`http://localhost:3000/consultations/${open.consultation.slug}/diff?from=1&to=2`);
  expect(revision.summary).toBe("Clarified the <rollback> & timing");
  expect(revision.author).toBe("IANA Functions Manager");
});

test("the site feed keeps the 50 newest entries", async () => {
  const { consultation } = await createConsultation();
  const start = Date.now() - 100 * DAY;
  await db().planVersion.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      consultationId: consultation.id,
      number: i + 2,
      bodyMd: `v${i + 2}`,
      bodyHtml: `<p>v${i + 2}</p>`,
      contentHash: `h${i + 2}`,
      changeSummary: `Change ${i + 2}`,
      createdById: consultation.createdById,
      publishedAt: new Date(start + i * DAY),
    })),
  });
  const feed = parseFeed(await getSiteFeed());
  expect(feed.entries).toHaveLength(50);
  // The publication (11 days ago), then revisions 61 (41 days ago) down to 13; 2 to 12 fall off.
  expect(feed.entries[0].id).toBe(tagFor(consultation.number, "published"));
  expect(feed.entries[1].id).toBe(tagFor(consultation.number, "version-61"));
  expect(feed.entries[49].id).toBe(tagFor(consultation.number, "version-13"));
});

test("a consultation's feed has its revisions and visible comments, never hidden or withdrawn ones", async () => {
  const { open } = await sampleConsultations();
  const { consultation, version } = open;
  const n = consultation.number;
  const org = await createOrganisation({ name: "Registry <Ops> & Co", tlds: ["zz"] });
  const t = Date.now() - DAY; // after the revision (2 days ago)
  const first = await addComment({
    consultationId: consultation.id,
    planVersionId: version.id,
    seq: 1,
    authorName: "Ana <b>",
    sectionTitle: "Rollback",
    bodyHtml: "<p>Use <code>&lt;ds&gt;</code> &amp; test the <strong>rollback</strong>.</p>",
    createdAt: new Date(t),
  });
  await addComment({
    consultationId: consultation.id,
    planVersionId: version.id,
    seq: 2,
    parentId: first.id,
    organisationId: org.id,
    bodyHtml: "<p>We agree.</p>",
    createdAt: new Date(t + 1000),
  });
  await addComment({
    consultationId: consultation.id,
    planVersionId: version.id,
    seq: 3,
    bodyHtml: "<p>HIDDEN-TEXT</p>",
    hiddenAt: new Date(),
    createdAt: new Date(t + 2000),
  });
  await addComment({
    consultationId: consultation.id,
    planVersionId: version.id,
    seq: 4,
    bodyHtml: "<p>WITHDRAWN-TEXT</p>",
    withdrawnAt: new Date(),
    createdAt: new Date(t + 3000),
  });
  // Characters XML cannot carry (C0 controls, U+FFFE, U+FFFF) must not break the document.
  await addComment({
    consultationId: consultation.id,
    planVersionId: version.id,
    seq: 5,
    authorName: "Bell\u0007 Ringer",
    bodyHtml: "<p>odd\u0001\u000B\u000C\u001F\uFFFE\uFFFF text</p>",
    createdAt: new Date(t + 4000),
  });

  const xml = await getConsultationFeed(consultation.slug);
  expect(xml).not.toContain("HIDDEN-TEXT");
  expect(xml).not.toContain("WITHDRAWN-TEXT");
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  expect(xml).toContain("&lt;p&gt;Use &lt;code&gt;&amp;lt;ds&amp;gt;&lt;/code&gt; &amp;amp; test");

  const feed = parseFeed(xml);
  expect(feed.id).toBe(tagFor(n, "feed"));
  expect(feed.title).toBe(`Consultation ${n}: Keys & <Rollover> "2026"`);
  expect(feed.links).toEqual([
    ["alternate", `http://localhost:3000/consultations/${consultation.slug}`],
    ["self", `http://localhost:3000/consultations/${consultation.slug}/feed.xml`],
  ]);
  expect(feed.entries.map((e) => e.id)).toEqual([
    tagFor(n, `comment-${n}-5`),
    tagFor(n, `comment-${n}-2`),
    tagFor(n, `comment-${n}-1`),
    tagFor(n, "version-2"),
    tagFor(n, "published"),
  ]);
  const [odd, reply, top] = feed.entries;
  expect(top.title).toBe(`Comment ${n}-1 by Ana <b> on “Rollback”`);
  expect(top.author).toBe("Ana <b>");
  expect(top.link).toBe(`http://localhost:3000/consultations/${consultation.slug}/comments/${n}-1`);
  expect(top.contentType).toBe("text/html");
  expect(top.content).toContain("<code>&lt;ds&gt;</code> &amp; test the <strong>rollback</strong>");
  expect(reply.title).toBe(`Reply ${n}-2 to ${n}-1 by Commenter ${commentCounter - 3} (Registry <Ops> & Co)`);
  expect(odd.content).toBe("<p>odd text</p>");
  expect(odd.author).toBe("Bell Ringer");
});

test("feeds and calendars of unknown consultations and drafts are 404", async () => {
  const { draft } = await sampleConsultations();
  for (const slug of [draft.consultation.slug, "no-such-consultation"]) {
    const feed = await call(consultationFeedRoute.loader, makeRequest(`/consultations/${slug}/feed.xml`), { slug });
    const ics = await call(consultationCalendarRoute.loader, makeRequest(`/consultations/${slug}/calendar.ics`), { slug });
    expect(feed.status).toBe(404);
    expect(ics.status).toBe(404);
    expect(String(feed.data)).not.toContain("Secret");
  }
});

test("the Atom writer escapes markup and strips characters XML forbids", () => {
  expect(escapeXml(`a<b>&"c'\u0000\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uD800\t\n\r😀`)).toBe("a&lt;b&gt;&amp;&quot;c&#39;\t\n\r😀");
  const xml = renderAtomFeed({
    id: "tag:example.org,2026:x",
    title: "T & <t>",
    selfUrl: "https://example.org/feed.xml?a=1&b=2",
    alternateUrl: "https://example.org/",
    author: { name: "  " },
    fallbackUpdated: new Date("2026-01-02T03:04:05.678Z"),
    entries: [],
  });
  expect(xml).toContain('<title type="text">T &amp; &lt;t&gt;</title>');
  expect(xml).toContain('href="https://example.org/feed.xml?a=1&amp;b=2"');
  expect(xml).toContain("<updated>2026-01-02T03:04:05Z</updated>");
  expect(xml).toContain("<author><name>Anonymous</name></author>");
  expect(parseFeed(xml).entries).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// iCalendar

function expectWellFormedIcs(ics: string) {
  expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  expect(ics).not.toMatch(/[^\r]\n/); // every line break is CRLF
  expect(ics).not.toMatch(/\r[^\n]/);
  expect(ics).not.toContain("\uFFFD"); // no character was cut in half by folding
  for (const line of ics.slice(0, -2).split("\r\n")) {
    expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  }
  for (const header of ["VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "PRODID:-//IANA Naming Functions Consultations//Calendar 1.0//EN"]) {
    expect(ics).toContain(`\r\n${header}\r\n`);
  }
}

test("the site calendar has every published consultation's opening and closing and open DUG review deadlines, and parses as iCalendar", async () => {
  const { staff, open, closed, withdrawn } = await sampleConsultations();
  const deadline = new Date(Date.now() + 7 * DAY);
  const review = await db().dugReview.create({
    data: { consultationId: open.consultation.id, planVersionId: open.version.id, round: 1, openedById: staff.id, deadline },
  });
  await db().dugReview.create({
    data: {
      consultationId: closed.consultation.id,
      planVersionId: closed.version.id,
      round: 1,
      openedById: staff.id,
      deadline: new Date(Date.now() - 2 * DAY),
      outcome: "agreed",
      decidedAt: new Date(),
    },
  });

  const ics = await getSiteCalendar();
  expectWellFormedIcs(ics);
  expect(ics).toContain("\r\nX-WR-CALNAME:IANA Naming Functions Consultations\r\n");
  expect(ics).not.toContain("Secret draft");
  expect(ics).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);

  const cal = parseCalendar(ics);
  expect(cal.method).toBe("PUBLISH");
  const uids = cal.events.map((e) => e.uid);
  const [o, c, w] = [open, closed, withdrawn].map((x) => x.consultation.number);
  expect(uids.sort()).toEqual(
    [
      `consultation-${o}-opens@localhost`,
      `consultation-${o}-closes@localhost`,
      `consultation-${c}-opens@localhost`,
      `consultation-${c}-closes@localhost`,
      `consultation-${w}-opens@localhost`,
      `consultation-${w}-closes@localhost`,
      `dug-review-${review.id}-deadline@localhost`,
    ].sort(),
  );
  const byUid = new Map(cal.events.map((e) => [e.uid, e]));
  const opening = byUid.get(`consultation-${o}-opens@localhost`)!;
  expect(opening.summary).toBe(`Consultation ${o} opens for comment: Keys & <Rollover> "2026"`);
  expect(Date.parse(opening.start)).toBe(seconds(open.consultation.opensAt!));
  expect(opening.url).toBe(`http://localhost:3000/consultations/${open.consultation.slug}`);
  expect(opening.duration).toBe(0);
  expect(opening.status).toBe("CONFIRMED");
  expect(Date.parse(byUid.get(`dug-review-${review.id}-deadline@localhost`)!.start)).toBe(seconds(deadline));
  for (const what of ["opens", "closes"]) {
    const event = byUid.get(`consultation-${w}-${what}@localhost`)!;
    expect(event.status).toBe("CANCELLED");
    expect(event.sequence).toBe(1);
    expect(event.description).toContain("This consultation was withdrawn");
  }
});

test("extending the closing keeps the event's UID, raises its SEQUENCE and moves its date", async () => {
  const staff = await createUser({ displayName: "IFM Staff", roles: ["ifm"] });
  const { consultation } = await createConsultation({ createdById: staff.id });
  const uid = `consultation-${consultation.number}-closes@localhost`;
  const closing = async () => parseCalendar(await getConsultationCalendar(consultation.slug)).events.find((e) => e.uid === uid)!;

  const before = await closing();
  expect(before.sequence).toBe(0);
  expect(Date.parse(before.start)).toBe(seconds(consultation.closesAt!));

  const extendedAt = new Date(Date.now() - 60_000);
  const newClose = new Date(consultation.closesAt!.getTime() + 7 * DAY);
  expect(
    await extendClosing({ actor: staff, consultationId: consultation.id, closesAt: newClose, reason: "More time; the holidays, sorry", now: extendedAt }),
  ).toEqual({ ok: true });
  const ics = await getConsultationCalendar(consultation.slug);
  expectWellFormedIcs(ics);
  expect(ics).toContain(`\r\nSEQUENCE:1\r\n`);
  const after = await closing();
  expect(after.sequence).toBe(1);
  expect(Date.parse(after.start)).toBe(seconds(newClose));
  expect(Date.parse(after.lastModified!)).toBe(seconds(extendedAt));
  expect(after.description).toContain("Reason: More time; the holidays, sorry");

  await extendClosing({ actor: staff, consultationId: consultation.id, closesAt: new Date(newClose.getTime() + DAY), reason: "Once more.", now: new Date() });
  expect((await closing()).sequence).toBe(2);
  // The opening did not change.
  const opening = parseCalendar(await getConsultationCalendar(consultation.slug)).events.find(
    (e) => e.uid === `consultation-${consultation.number}-opens@localhost`,
  )!;
  expect(opening.sequence).toBe(0);

  // The consultation's feed announces each extension with its own stable id.
  const feed = parseFeed(await getConsultationFeed(consultation.slug));
  expect(feed.entries.map((e) => e.id).filter((id) => id.includes(":extension-"))).toEqual([
    tagFor(consultation.number, "extension-2"),
    tagFor(consultation.number, "extension-1"),
  ]);
});

test("a long UTF-8 title is folded at 75 octets without splitting a character, and TEXT values are escaped", async () => {
  const title = `Ré-signature DNSSEC de la zone racine; rotation, clés \\ 🌐 ${"日本語のタイトル".repeat(8)} 🔐é`;
  const { consultation } = await createConsultation({ title });
  await db().consultation.update({ where: { id: consultation.id }, data: { summary: "Line one\nLine two; with, commas\\" } });

  const ics = await getConsultationCalendar(consultation.slug);
  expectWellFormedIcs(ics);
  expect(ics).toContain("\r\n ");
  expect(ics).toContain("racine\\; rotation\\, clés \\\\ 🌐");
  expect(ics).toContain("Line one\\nLine two\\; with\\, commas\\\\");

  const cal = parseCalendar(ics);
  expect(cal.name).toBe(`Consultation ${consultation.number}: ${title}`);
  const opening = cal.events.find((e) => e.uid === `consultation-${consultation.number}-opens@localhost`)!;
  expect(opening.summary).toBe(`Consultation ${consultation.number} opens for comment: ${title}`);
  expect(opening.description.startsWith("Line one\nLine two; with, commas\\\n\nComments are accepted from")).toBe(true);
});

test("the iCalendar writer folds on character boundaries and formats durations", () => {
  const line = `SUMMARY:${"é".repeat(60)}${"🌐".repeat(20)}`;
  const folded = foldLine(line);
  const parts = folded.split("\r\n");
  expect(parts.length).toBeGreaterThan(1);
  for (const [i, part] of parts.entries()) {
    expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    if (i > 0) expect(part.startsWith(" ")).toBe(true);
  }
  expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
  expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
  expect(escapeText("a\\b;c,d\r\ne\rf\ng\u0000h\ti")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti");
  expect(icalDuration(0)).toBe("PT0S");
  expect(icalDuration(3600)).toBe("PT1H");
  expect(icalDuration(86_400 + 90)).toBe("P1DT1M30S");
  expect(icalDuration(2 * 86_400)).toBe("P2D");
});
