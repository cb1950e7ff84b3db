import { describe, expect, it } from "vitest";
import { buildStatementContent, type StatementInput } from "./content";
import { statementHtml } from "./statement-html";
import { statementMarkdown } from "./statement-markdown";
import { statementWords } from "./statement-words.server";

// A statement using every generated section (extensions, several versions, changes, themes,
// replies, hidden and withdrawn comments, the DUG, files): its English HTML and Markdown are
// published and hashed, so they must stay byte for byte what they were before the catalogue.
const at = (s: string) => new Date(s);
const render = (md: string) => ({ md, html: md ? `<p>${md}</p>` : "" });
export const fullInput: StatementInput = {
  consultation: {
    number: 4,
    slug: "root-zone-keys",
    title: "Rolling the root zone's keys",
    summary: "A plan for the key roll & its <timing>.",
    category: "dnssec",
    affected: "all",
    basis: "rfc",
    opensAt: at("2026-11-01T09:00:00Z"),
    closesAt: at("2026-11-08T17:30:00Z"),
    contactName: "Ana O'Neil",
    contactEmail: "ana@example.org",
  },
  extensions: [
    { previousClosesAt: at("2026-11-06T17:30:00Z"), newClosesAt: at("2026-11-08T17:30:00Z"), reason: "Asked by ccTLDs", createdAt: at("2026-11-04T10:00:00Z") },
  ],
  versions: [
    {
      number: 1,
      publishedAt: at("2026-10-30T10:00:00Z"),
      changeSummary: null,
      contentHash: "a".repeat(64),
      bodyMd: "# Keys\n\nWe roll the keys in 2027.",
      headings: [{ id: "keys", text: "Keys" }],
      timeline: [],
    },
    {
      number: 2,
      publishedAt: at("2026-11-20T10:00:00Z"),
      changeSummary: "Dates moved",
      contentHash: "b".repeat(64),
      bodyMd: "# Keys\n\nWe roll the keys in 2028, after a test.",
      headings: [{ id: "keys", text: "Keys" }],
      timeline: [{ date: "2028-01", label: "Test roll" }],
    },
  ],
  comments: [
    {
      seq: 1,
      parentSeq: null,
      createdAt: at("2026-11-01T10:00:00Z"),
      authorId: "u1",
      authorName: "Ben",
      organisation: { id: "o1", name: "NIC.fr", kind: "cctld" },
      section: { id: "keys", title: "Keys" },
      planVersionNumber: 1,
      state: "visible",
      isIfmReply: false,
      themes: ["Timing"],
      language: "fr",
      disposition: { disposition: "accepted", responseMd: "Done", responseHtml: "<p>Done</p>", planVersionNumber: 2, sectionId: "keys" },
    },
    {
      seq: 2,
      parentSeq: 1,
      createdAt: at("2026-11-03T10:00:00Z"),
      authorId: "u2",
      authorName: "Chen",
      organisation: { id: "o2", name: "Registry Inc", kind: "gtld" },
      section: null,
      planVersionNumber: 1,
      state: "visible",
      isIfmReply: false,
      themes: [],
      disposition: { disposition: "noted", responseMd: "Noted", responseHtml: "<p>Noted</p>", planVersionNumber: null, sectionId: null },
    },
    {
      seq: 3,
      parentSeq: null,
      createdAt: at("2026-11-03T12:00:00Z"),
      authorId: "u3",
      authorName: "Dee",
      organisation: null,
      section: null,
      planVersionNumber: 1,
      state: "visible",
      isIfmReply: false,
      themes: ["Timing"],
      disposition: null,
    },
    {
      seq: 4,
      parentSeq: 1,
      createdAt: at("2026-11-04T12:00:00Z"),
      authorId: "ifm",
      authorName: "IFM",
      organisation: null,
      section: null,
      planVersionNumber: 1,
      state: "visible",
      isIfmReply: true,
      themes: [],
      disposition: null,
    },
    {
      seq: 5,
      parentSeq: null,
      createdAt: at("2026-11-05T12:00:00Z"),
      authorId: "u4",
      authorName: "Eve",
      organisation: null,
      section: null,
      planVersionNumber: 1,
      state: "hidden",
      isIfmReply: false,
      themes: [],
      disposition: null,
    },
    {
      seq: 6,
      parentSeq: null,
      createdAt: at("2026-11-05T13:00:00Z"),
      authorId: "u4",
      authorName: "Eve",
      organisation: null,
      section: null,
      planVersionNumber: 1,
      state: "withdrawn",
      isIfmReply: false,
      themes: [],
      disposition: null,
    },
  ],
  themes: [
    { name: "Timing", summary: render("People asked for more time.") },
    { name: "Unused", summary: render("") },
  ],
  intro: render("Thank you all."),
  analysis: render(""),
  nextSteps: render("We test first."),
  dug: { round: 1, outcome: "agreed", decidedAt: at("2026-11-25T10:00:00Z"), planVersion: 2, recordHash: "c".repeat(64), conditions: ["Test before rolling"] },
  revision: { number: 1, publishedAt: at("2026-11-30T10:00:00Z"), erratum: null },
  files: [{ position: 1, fileName: "letter.pdf", mediaType: "application/pdf", size: 123_456, sha256: "d".repeat(64) }],
};

/** The same statement at its barest: one version, no DUG record, no themes, no files. */
const bareInput: StatementInput = {
  ...fullInput,
  extensions: [],
  versions: [fullInput.versions[0]!],
  comments: fullInput.comments.slice(0, 1),
  themes: [],
  intro: render(""),
  nextSteps: render(""),
  dug: null,
  files: [],
};

describe("the English statement", () => {
  it("is generated byte for byte as published revisions were", async () => {
    for (const [name, input] of [
      ["full", fullInput],
      ["bare", bareInput],
    ] as const) {
      const content = buildStatementContent(input);
      await expect(statementHtml(content, statementWords("en"))).toMatchFileSnapshot(`__snapshots__/statement-${name}.html`);
      await expect(statementMarkdown(content, "https://consult.example")).toMatchFileSnapshot(`__snapshots__/statement-${name}.md`);
    }
  });
});
