// Demo data: a small but complete community — administrators, IFM staff, a seated Direct User
// Group, TLD registry operators and their representatives, members of the public — and six
// consultations, one in each state (draft, upcoming, open, closed awaiting DUG agreement,
// concluded, withdrawn). Every date is relative to `now`, so a fresh database always shows an
// open comment period, a review in progress and a published statement.
//
// Loaded by the server on an empty database (DEMO_DATA=on) and by `npm run seed`.

import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Prisma, PrismaClient } from "../app/generated/prisma/client";
import { db, lockTransaction, tuneDatabase } from "../app/services/db.server";
import { attachmentStore, stagingDir } from "../app/services/attachment-store.server";
import { renderMarkdown } from "../app/services/markdown.server";
import { buildAgreementRecord } from "../app/features/dug/record";
import { evaluateRule, type Position } from "../app/features/dug/rule";
import { generateStatement } from "../app/features/statement/generator.server";
import { NOUNS, plural } from "../app/models/plural";

// ================================================================ people and organisations

type UserSeed = { key: string; email: string; name: string; roles: string[]; joinedDaysAgo: number };

const USERS: UserSeed[] = [
  { key: "admin", email: "admin@consultations.example", name: "Site Administrator", roles: ["admin"], joinedDaysAgo: 420 },
  // IANA Functions Manager staff
  { key: "hanna", email: "hanna.lindqvist@iana-ifm.example", name: "Hanna Lindqvist", roles: ["ifm"], joinedDaysAgo: 410 },
  { key: "tomas", email: "tomas.ferreira@iana-ifm.example", name: "Tomás Ferreira", roles: ["ifm"], joinedDaysAgo: 405 },
  // Direct User Group: eight voting members drawn from ccTLD and gTLD registries
  { key: "ngaire", email: "ngaire.holloway@kestrelbay-nic.example", name: "Ngaire Holloway", roles: ["dug_member", "dug_chair"], joinedDaysAgo: 380 },
  { key: "einar", email: "einar.thorvaldsson@nordhaf-registry.example", name: "Einar Thorvaldsson", roles: ["dug_member"], joinedDaysAgo: 380 },
  { key: "selma", email: "selma.iipumbu@plateau-dns.example", name: "Selma Iipumbu", roles: ["dug_member"], joinedDaysAgo: 379 },
  { key: "pieter", email: "pieter.vanrensburg@plateau-dns.example", name: "Pieter van Rensburg", roles: ["dug_member"], joinedDaysAgo: 379 },
  { key: "marguerite", email: "m.delacroix@heritage-registry.example", name: "Marguerite Delacroix", roles: ["dug_member"], joinedDaysAgo: 378 },
  { key: "devika", email: "devika.raman@coopnames.example", name: "Devika Raman", roles: ["dug_member"], joinedDaysAgo: 378 },
  { key: "jonas", email: "jonas.albrecht@meridian-registry.example", name: "Jonas Albrecht", roles: ["dug_member"], joinedDaysAgo: 377 },
  { key: "kaito", email: "kaito.mori@meridian-registry.example", name: "Kaito Mori", roles: ["dug_member"], joinedDaysAgo: 377 },
  // DUG non-voting liaisons from the technical community
  { key: "hiroshi", email: "h.tanabe@rootops.example", name: "Hiroshi Tanabe", roles: ["dug_liaison"], joinedDaysAgo: 376 },
  { key: "miriam", email: "miriam.koenig@ietf-liaison.example", name: "Miriam König", roles: ["dug_liaison"], joinedDaysAgo: 376 },
  // Other verified representatives of registries
  { key: "owen", email: "owen.ebanks@kestrelbay-nic.example", name: "Owen Ebanks", roles: [], joinedDaysAgo: 300 },
  { key: "colin", email: "colin.barraclough@heritage-registry.example", name: "Colin Barraclough", roles: [], joinedDaysAgo: 290 },
  { key: "amara", email: "amara.nwosu@coopnames.example", name: "Amara Nwosu", roles: [], joinedDaysAgo: 280 },
  // A former DUG member: the seat is kept for the record, the role is gone
  { key: "graham", email: "graham.pettigrew@heritage-registry.example", name: "Graham Pettigrew", roles: [], joinedDaysAgo: 800 },
  // Members of the public
  { key: "priya", email: "priya.natarajan@measurement-lab.example", name: "Dr Priya Natarajan", roles: [], joinedDaysAgo: 160 },
  { key: "sam", email: "sam@dns-training.example", name: "Sam Whitaker", roles: [], joinedDaysAgo: 150 },
  { key: "lea", email: "lea.fontaine@mail.example", name: "Léa Fontaine", roles: [], joinedDaysAgo: 20 },
  { key: "kwame", email: "kwame.mensah@westnet-isp.example", name: "Kwame Mensah", roles: [], joinedDaysAgo: 140 },
];

type OrganisationSeed = { key: string; name: string; kind: "cctld" | "gtld"; website: string; tlds: string[] };

const ORGANISATIONS: OrganisationSeed[] = [
  { key: "kestrel", name: "Kestrel Bay Network Information Centre", kind: "cctld", website: "https://www.kestrelbay-nic.example", tlds: ["ky"] },
  { key: "nordhaf", name: "Nordhaf Internet Registry", kind: "cctld", website: "https://www.nordhaf-registry.example", tlds: ["is"] },
  { key: "plateau", name: "Southern Plateau Domain Authority", kind: "cctld", website: "https://www.plateau-dns.example", tlds: ["na", "sz"] },
  { key: "heritage", name: "Heritage Collections Registry", kind: "gtld", website: "https://www.heritage-registry.example", tlds: ["museum"] },
  { key: "coop", name: "Cooperative Names Alliance", kind: "gtld", website: "https://www.coopnames.example", tlds: ["coop", "credit"] },
  { key: "meridian", name: "Meridian Registry Services", kind: "gtld", website: "https://www.meridian-registry.example", tlds: ["voyage", "atlas", "harbour"] },
];

/** People verified by the administrator as speaking for a registry. */
const REPRESENTATIVES: { user: string; org: string; title: string }[] = [
  { user: "ngaire", org: "kestrel", title: "Chief Technology Officer" },
  { user: "owen", org: "kestrel", title: "Registry Manager" },
  { user: "einar", org: "nordhaf", title: "Head of DNS Operations" },
  { user: "selma", org: "plateau", title: "Technical Manager" },
  { user: "marguerite", org: "heritage", title: "Registry Operations Lead" },
  { user: "colin", org: "heritage", title: "Policy and Compliance Manager" },
  { user: "devika", org: "coop", title: "Principal DNS Engineer" },
  { user: "amara", org: "coop", title: "Registry Services Manager" },
  { user: "jonas", org: "meridian", title: "Director of Technology" },
];

type SeatSeed = {
  user: string;
  seat: "voting" | "liaison";
  org?: string;
  liaisonFrom?: string;
  isChair?: boolean;
  /** Days relative to now. */
  termStart: number;
  termEnd: number;
  endedAt?: number;
};

const DUG_SEATS: SeatSeed[] = [
  { user: "ngaire", seat: "voting", org: "kestrel", isChair: true, termStart: -365, termEnd: 365 },
  { user: "einar", seat: "voting", org: "nordhaf", termStart: -365, termEnd: 365 },
  { user: "selma", seat: "voting", org: "plateau", termStart: -365, termEnd: 365 },
  { user: "pieter", seat: "voting", org: "plateau", termStart: -360, termEnd: 370 },
  { user: "marguerite", seat: "voting", org: "heritage", termStart: -365, termEnd: 365 },
  { user: "devika", seat: "voting", org: "coop", termStart: -365, termEnd: 365 },
  { user: "jonas", seat: "voting", org: "meridian", termStart: -362, termEnd: 368 },
  { user: "kaito", seat: "voting", org: "meridian", termStart: -362, termEnd: 368 },
  { user: "hiroshi", seat: "liaison", liaisonFrom: "Root Server System Advisory Committee (RSSAC)", termStart: -365, termEnd: 365 },
  { user: "miriam", seat: "liaison", liaisonFrom: "Internet Engineering Task Force (IETF)", termStart: -365, termEnd: 365 },
  // A past term, kept for the record.
  { user: "graham", seat: "voting", org: "heritage", termStart: -790, termEnd: -60, endedAt: -60 },
];

/** The demo sign-in accounts (sign in by email link or code). The README lists them. */
export const DEMO_ACCOUNTS: { email: string; name: string; roles: string[]; organisation?: string }[] = USERS.map((u) => {
  const membership = REPRESENTATIVES.find((r) => r.user === u.key);
  const organisation = membership && ORGANISATIONS.find((o) => o.key === membership.org)?.name;
  return { email: u.email, name: u.name, roles: [...u.roles], ...(organisation ? { organisation } : {}) };
});

// ================================================================ consultations

type Milestone = { date: string; label: string };
type At = (dayOffset: number, hour?: number, minute?: number) => Date;

type VersionSeed = {
  number: number;
  createdAt: Date;
  publishedAt: Date | null;
  bodyMd: string;
  timeline: Milestone[];
  changeSummary?: string;
  by: string;
};

type ConsultationSeed = {
  key: string;
  number: number;
  title: string;
  summary: string;
  category: "dnssec" | "root_zone_management" | "rdap" | "dns_protocol" | "other";
  affected: "cctld" | "gtld" | "both" | "public";
  basis: "technical" | "operational";
  dugRequired: boolean;
  contact: string;
  createdBy: string;
  createdAt: Date;
  publishedAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  withdrawn?: { at: Date; reason: string; by: string };
  versions: VersionSeed[];
};

type CommentSeed = {
  key: string;
  parent?: string;
  by: string;
  /** Posted on behalf of this organisation (the author must be a verified representative). */
  org?: string;
  at: Date;
  /** Text of the plan heading the comment is about, in the version current at `at`. */
  section?: string;
  body: string;
  ifm?: boolean;
  hidden?: { at: Date; by: string; reason: string };
  withdrawnAt?: Date;
  edited?: { at: Date; earlierBody: string };
};

const KSK_CHANGE_SUMMARY =
  "Both algorithms now stay fully in place for 60 days (was 30) before the RSA KSK is revoked; " +
  "the go/no-go section has numeric thresholds with a regional breakdown; change freezes are announced " +
  "30 days ahead and requests made during a freeze are held, not refused.";

const RDAP_CHANGE_SUMMARY =
  "Redirects from the old location kept for 24 months (was 12) and made permanent (301); operators are " +
  "notified after three consecutive failed daily checks instead of one; check results are published, " +
  "with a TLD's own status shown only after seven days of continuous failure; dual-stack and HTTP/2 stated.";

function consultations(at: At): ConsultationSeed[] {
  // ---- 1. RDAP bootstrap: concluded
  const rdapOpens = at(-125, 12);
  const rdapCloses = addDays(rdapOpens, 35);
  // ---- 2. CDS/CDNSKEY scanning: closed, DUG review in progress
  const cdsOpens = at(-50, 12);
  const cdsOriginalCloses = addDays(cdsOpens, 35);
  // ---- 3. email channel: withdrawn
  const mailOpens = at(-40, 12);
  // ---- 4. KSK algorithm rollover: open
  const kskOpens = at(-12, 14);
  const kskCloses = addDays(kskOpens, 35);
  // ---- 5. TCP/IPv6 checks: upcoming
  const tcpOpens = at(5, 12);
  const tcpCloses = addDays(tcpOpens, 35);

  return [
    {
      key: "rdap",
      number: 1,
      title: "New location and base-URL checks for the RDAP domain-name bootstrap registry",
      summary:
        "The IFM proposes to serve the RDAP bootstrap file for domain names from a new, dual-stack location, " +
        "redirecting from the old one, and to check every TLD's registered RDAP base URL daily.",
      category: "rdap",
      affected: "both",
      basis: "operational",
      dugRequired: true,
      contact: "tomas",
      createdBy: "tomas",
      createdAt: at(-131, 9),
      publishedAt: rdapOpens,
      opensAt: rdapOpens,
      closesAt: rdapCloses,
      versions: [
        { number: 1, createdAt: at(-131, 9), publishedAt: rdapOpens, bodyMd: rdapPlan(1, rdapCloses), timeline: rdapTimeline(1, rdapCloses), by: "tomas" },
        {
          number: 2,
          createdAt: at(-89, 15),
          publishedAt: at(-88, 10),
          bodyMd: rdapPlan(2, rdapCloses),
          timeline: rdapTimeline(2, rdapCloses),
          changeSummary: RDAP_CHANGE_SUMMARY,
          by: "tomas",
        },
      ],
    },
    {
      key: "cds",
      number: 2,
      title: "DS record updates for TLDs by CDS/CDNSKEY scanning",
      summary:
        "TLD operators that opt in would have their DS records in the root zone updated from the CDS and CDNSKEY " +
        "records they publish, subject to consistency and stability checks, instead of by change request.",
      category: "dnssec",
      affected: "both",
      basis: "technical",
      dugRequired: true,
      contact: "hanna",
      createdBy: "hanna",
      createdAt: at(-55, 10),
      publishedAt: cdsOpens,
      opensAt: cdsOpens,
      closesAt: cdsOriginalCloses, // moved by the extension recorded below
      versions: [
        { number: 1, createdAt: at(-55, 10), publishedAt: cdsOpens, bodyMd: cdsPlan(cdsOriginalCloses), timeline: cdsTimeline(cdsOriginalCloses), by: "hanna" },
      ],
    },
    {
      key: "mail",
      number: 3,
      title: "Retiring the email channel for root zone change requests",
      summary: "The IFM proposed to stop accepting root zone change requests by email and to handle all requests " + "through the root zone management system.",
      category: "root_zone_management",
      affected: "both",
      basis: "operational",
      dugRequired: true,
      contact: "tomas",
      createdBy: "tomas",
      createdAt: at(-44, 11),
      publishedAt: mailOpens,
      opensAt: mailOpens,
      closesAt: addDays(mailOpens, 35),
      withdrawn: {
        at: at(-30, 15),
        by: "tomas",
        reason:
          "Withdrawn so that the IFM can first survey which TLD managers still rely on email and why. " +
          "A revised plan will be published as a new consultation; comments received here will be considered in it.",
      },
      versions: [
        {
          number: 1,
          createdAt: at(-44, 11),
          publishedAt: mailOpens,
          bodyMd: mailPlan(addDays(mailOpens, 35)),
          timeline: mailTimeline(addDays(mailOpens, 35)),
          by: "tomas",
        },
      ],
    },
    {
      key: "ksk",
      number: 4,
      title: "Root zone KSK algorithm rollover from RSA/SHA-256 to ECDSA P-256",
      summary:
        "The IFM proposes to move the root zone's key signing key and zone signing key from DNSSEC algorithm 8 " +
        "(RSA/SHA-256) to algorithm 13 (ECDSA P-256 with SHA-256) through a conservative, double-signed rollover.",
      category: "dnssec",
      affected: "public",
      basis: "technical",
      dugRequired: true,
      contact: "hanna",
      createdBy: "hanna",
      createdAt: at(-16, 10),
      publishedAt: kskOpens,
      opensAt: kskOpens,
      closesAt: kskCloses,
      versions: [
        { number: 1, createdAt: at(-16, 10), publishedAt: kskOpens, bodyMd: kskPlan(1, kskCloses), timeline: kskTimeline(1, kskCloses), by: "hanna" },
        {
          number: 2,
          createdAt: at(-5, 16),
          publishedAt: at(-4, 10),
          bodyMd: kskPlan(2, kskCloses),
          timeline: kskTimeline(2, kskCloses),
          changeSummary: KSK_CHANGE_SUMMARY,
          by: "hanna",
        },
      ],
    },
    {
      key: "tcp",
      number: 5,
      title: "TCP and IPv6 reachability checks for TLD name servers",
      summary:
        "Technical checks on root zone change requests would require every TLD name server to answer over TCP " +
        "and at least two name servers to be reachable over IPv6.",
      category: "dns_protocol",
      affected: "both",
      basis: "technical",
      dugRequired: true,
      contact: "tomas",
      createdBy: "tomas",
      createdAt: at(-6, 9),
      publishedAt: at(-2, 9),
      opensAt: tcpOpens,
      closesAt: tcpCloses,
      versions: [{ number: 1, createdAt: at(-6, 9), publishedAt: at(-2, 9), bodyMd: tcpPlan(tcpCloses), timeline: tcpTimeline(tcpCloses), by: "tomas" }],
    },
    {
      key: "hwkeys",
      number: 6,
      title: "Mandatory hardware security keys for root zone management system API access",
      summary:
        "API access to the root zone management system would require client certificates held in hardware " +
        "security keys, replacing long-lived API passwords.",
      category: "root_zone_management",
      affected: "both",
      basis: "operational",
      dugRequired: true,
      contact: "hanna",
      createdBy: "hanna",
      createdAt: at(-1, 15),
      publishedAt: null,
      opensAt: null,
      closesAt: null,
      versions: [{ number: 1, createdAt: at(-1, 15), publishedAt: null, bodyMd: hwKeysPlan(), timeline: hwKeysTimeline(at), by: "hanna" }],
    },
  ];
}

// ---------------------------------------------------------------- plan texts

function kskTimeline(version: 1 | 2, closes: Date): Milestone[] {
  const d = (n: number) => ymd(addDays(closes, n));
  const common = [
    { date: d(0), label: "Comment period closes" },
    { date: d(28), label: "Final response statement; DUG agreement expected" },
    { date: d(60), label: "Key signing ceremony: the new ECDSA P-256 KSK is generated" },
    { date: d(75), label: "New trust anchor published" },
    { date: d(105), label: "Step 1: dual-algorithm signing begins" },
    { date: d(135), label: "Step 2: ECDSA KSK and ZSK added to the root DNSKEY RRset" },
  ];
  return version === 1
    ? [...common, { date: d(165), label: "Step 3: RSA KSK published with the REVOKE bit" }, { date: d(195), label: "Step 4: RSA keys and signatures removed" }]
    : [
        ...common,
        { date: d(180), label: "Readiness report and go/no-go decision for step 3" },
        { date: d(195), label: "Step 3: RSA KSK published with the REVOKE bit" },
        { date: d(225), label: "Step 4: RSA keys and signatures removed" },
      ];
}

function kskPlan(version: 1 | 2, closes: Date): string {
  const overlap = version === 1 ? 30 : 60;
  const freeze =
    version === 1
      ? "Routine change requests, including DS updates, will be processed after the freeze; emergency requests will be handled as today."
      : md`
          Each freeze will be announced at least 30 days in advance, with start and end times in UTC, and
          published as a calendar file. Requests submitted during a freeze are **accepted and held**, not refused,
          and are processed in order of submission when the freeze ends. Emergency requests, including emergency
          DS changes, are handled as today throughout.
        `;
  const thresholds =
    version === 1
      ? ""
      : "\n\n" +
        md`
          The IFM will not proceed to step 3 if more than 0.5% of measured validating resolvers in any region fail to
          validate a correctly signed algorithm 13 test zone, or if trust anchor signalling shows that fewer than 95% of
          resolvers reporting a trust anchor hold the new key. Figures are reported per region as well as globally, so
          that a problem concentrated in one region is not hidden by the global average. If a threshold is missed,
          step 3 is postponed by 30 days and the readiness report repeated.
        `;
  return md`
    ## Background

    The root zone has been signed with RSA/SHA-256 (DNSSEC algorithm 8) since DNSSEC was introduced at the root.
    The root key signing key (KSK) has been replaced once since then, without a change of algorithm. Over the same
    period, ECDSA Curve P-256 with SHA-256 (algorithm 13) has become the most common algorithm among signed TLDs,
    and current releases of all widely used validating resolvers support it.

    A 256-bit ECDSA key offers security at least equivalent to a 2048-bit RSA key, with much smaller keys and
    signatures. For the root this means smaller DNSKEY responses, smaller signed referrals and priming responses,
    and less exposure to IP fragmentation over UDP.

    This plan describes how the IFM proposes to move the root zone from algorithm 8 to algorithm 13 through a
    conservative, double-signed algorithm rollover.

    ## Scope and basis

    This is an operational and technical change to the way the IFM performs the root zone signing function. It is
    **not** the outcome of a policy development process and it does not change any policy that applies to TLD
    managers. Under the process for significant technical changes, the IFM publishes the plan for public comment,
    the Direct User Group (DUG) is asked to agree it on behalf of TLD registry operators, and the IFM will publish a
    statement responding to the comments received.

    In scope:

    - generating a new KSK and a new zone signing key (ZSK) using algorithm 13;
    - the order and timing of the rollover steps;
    - publication of the new trust anchor;
    - the criteria for going ahead and for rolling back.

    Out of scope: any change to root zone content other than DNSKEY and RRSIG records, TLD DS records, and the
    distribution of the root zone to root server operators.

    ## Proposed change

    ### New keys

    A new ECDSA P-256 KSK will be generated at a scheduled key signing ceremony, under the same procedures, with the
    same witnesses and the same external audit as the current KSK. A new ECDSA ZSK will be generated by the root zone
    maintainer under the existing quarterly ZSK procedures. No ZSK rollover will overlap any step of this plan.

    ### Rollover sequence

    The rollover follows the conservative order for algorithm changes described in RFC 6781:

    1. Every RRset in the root zone is signed with both the RSA ZSK and the new ECDSA ZSK (dual-algorithm signing).
       Only RSA keys appear in the DNSKEY RRset at this stage.
    2. The ECDSA KSK and ZSK are added to the DNSKEY RRset, which is then signed by both KSKs. Validators that follow
       RFC 5011 start the add hold-down for the new trust anchor.
    3. After at least ${plural(overlap, NOUNS.day)} with both algorithms fully in place, the RSA KSK is published with the REVOKE bit
       set.
    4. The RSA keys and every RSA signature are removed from the root zone.

    At no point is the root zone signed only with an algorithm for which no trust anchor has been published.

    ### Trust anchor publication

    The new trust anchor will be published in the IANA trust anchor file (\`root-anchors.xml\`), with its detached
    signature, and as DS and DNSKEY records on the IANA website, at least 30 days before the new KSK appears in the
    root zone.

    ## Impact on resolver operators

    Operators of validating resolvers are the group most affected. A resolver that supports algorithm 13 and either
    follows RFC 5011 or is updated with the new trust anchor will notice nothing.

    A resolver that does **not** support algorithm 13 will treat the root zone as unsigned once the RSA keys are
    removed: names keep resolving, without DNSSEC protection. A resolver that supports the algorithm but has a stale,
    manually configured trust anchor will fail validation (SERVFAIL) at step 4 — the same risk as in the previous
    KSK rollover.

    Resolver operators should:

    - check that their software, and the cryptographic library it is built with, can validate ECDSA P-256;
    - check that trust anchors are updated automatically, or plan a manual update;
    - follow the announcements for each step.

    ## Impact on TLD operators

    TLD operators do not need to change their DS records in the root zone, their own keys or their signing
    algorithm. Nothing changes in the root zone management system or in how DS change requests are submitted.

    Around the publication of each modified DNSKEY RRset, the root zone maintainer will apply a change freeze of up
    to 48 hours. ${freeze}

    TLD operators that also run validating resolvers should read the previous section.

    ## Implementation timeline

    ${timelineMd(kskTimeline(version, closes))}

    All dates after the close of the comment period are provisional until the DUG has agreed the plan; each step will
    be confirmed at least 30 days in advance.

    ## Measurement and go/no-go criteria

    Before each step the IFM will publish a short readiness report drawing on:

    - trust anchor signalling seen by root server operators (RFC 8145 key tag queries and the root-key-sentinel
      mechanism of RFC 8509);
    - public measurements of algorithm 13 validation support;
    - problems reported to the IFM or on the announcements list.${thresholds}

    ## Rollback

    Until step 3, each step can be reversed by returning to the previous DNSKEY RRset and signatures. The IFM will
    roll back if a readiness report shows a material validation failure rate, or if root server operators report
    response-size or truncation problems.

    Once the RSA KSK has been revoked it cannot be reinstated; from that point the only remedy would be a further,
    emergency rollover. For this reason step 3 has the most demanding go/no-go criteria.

    ## Questions for commenters

    1. Is the period with both algorithms in place long enough?
    2. Do you know of validator software or deployments, in your region or sector, that cannot validate algorithm 13?
    3. Is a change freeze of up to 48 hours at each step acceptable to TLD operators?
    4. What else should the readiness reports contain?`;
}

function cdsTimeline(closes: Date): Milestone[] {
  const d = (n: number) => ymd(addDays(closes, n));
  return [
    { date: d(0), label: "Comment period closes" },
    { date: d(30), label: "Final response statement; DUG agreement expected" },
    { date: d(60), label: "Opt-in opens in the root zone management system; staging scanner available" },
    { date: d(90), label: "Scanning in production for TLDs that have opted in" },
    { date: d(270), label: "Review of the first six months, published" },
  ];
}

function cdsPlan(closes: Date): string {
  return md`
    ## Background

    Today a TLD operator that changes its DNSSEC keys must submit a change request to update its DS records in the
    root zone. RFC 7344 and RFC 8078 define CDS and CDNSKEY records, which a child zone publishes to tell its parent
    which DS records it wants. Many TLDs already publish them, and several TLD registries act on them for their own
    registrants.

    ## Scope and basis

    This is a technical change to how the IFM processes DS updates for the root zone. It is not the outcome of a
    policy process. Using CDS scanning is optional for each TLD; change requests remain available to everyone.

    ## Proposed change

    For each TLD that has opted in, the IFM will query the TLD's CDS and CDNSKEY records daily and, when the
    requirements below are met, update the TLD's DS records in the root zone without a change request. The technical
    and administrative contacts are told of every change made this way.

    ## Requirements for TLD operators

    - The CDS/CDNSKEY RRsets are identical on every name server address listed in the root zone for the TLD, over
      IPv4 and IPv6.
    - They validate using a key that is trusted through the TLD's current DS records (RFC 7344, section 4.1).
    - They are unchanged for 72 hours, over at least three consecutive scans.
    - At least one resulting DS record uses digest type 2 (SHA-256); DS records with digest type 1 are not added.
    - A deletion request (\`CDS 0 0 0 00\`, RFC 8078) is acted on only after the TLD's technical contact confirms it
      in the root zone management system.

    ## Impact on TLD operators

    Operators that opt in no longer need to submit change requests for routine key rollovers. Operators that do not
    opt in see no change. The existing emergency procedure is unaffected.

    ## Implementation timeline

    ${timelineMd(cdsTimeline(closes))}

    ## Rollback

    Scanning can be switched off for one TLD or for all at any time, returning to change requests only. DS records
    already published stay in place.

    ## Questions for commenters

    1. Is 72 hours the right stability period?
    2. Should deletion requests be accepted by scanning at all?
    3. How should opt-in work for operators with many TLDs?`;
}

function rdapTimeline(version: 1 | 2, closes: Date): Milestone[] {
  const d = (n: number) => ymd(addDays(closes, n));
  return version === 1
    ? [
        { date: d(0), label: "Comment period closes" },
        { date: d(45), label: "New location in service; old location redirects" },
        { date: d(60), label: "Daily base-URL checks begin" },
        { date: d(45 + 365), label: "Redirects from the old location end" },
      ]
    : [
        { date: d(0), label: "Comment period closes" },
        { date: d(60), label: "New location in service; old location redirects (301)" },
        { date: d(75), label: "Daily base-URL checks begin" },
        { date: d(105), label: "Public status page for the checks" },
        { date: d(60 + 730), label: "Redirects from the old location end" },
      ];
}

function rdapPlan(version: 1 | 2, closes: Date): string {
  const redirect =
    version === 1
      ? "For 12 months the old location will redirect to the new one."
      : "For 24 months the old location will answer with a permanent (301) redirect to the new one.";
  const hosting = version === 1 ? "" : " The new location is reachable over IPv4 and IPv6 and supports HTTP/1.1 and HTTP/2.";
  const notify =
    version === 1
      ? "If a check fails, the TLD's technical contact is notified."
      : md`
          The TLD's technical contact is notified after three consecutive failed daily checks. Check results are
          published on a status page: aggregate figures at all times, and a TLD's own status only after seven days of
          continuous failure.
        `;
  return md`
    ## Background

    RDAP clients find the RDAP service for a domain name through the bootstrap file for domain names defined in
    RFC 9224, which maps each TLD to the base URLs its operator has registered. The file is currently served from
    \`https://data.iana.example/rdap/dns.json\` together with unrelated data sets.

    ## Scope and basis

    This is an operational change to how the IFM publishes the bootstrap file and maintains its contents. It is not
    the outcome of a policy process; what TLD operators must provide for RDAP is unchanged.

    ## Proposed change

    ### New location

    The bootstrap file will be served from \`https://rdap-bootstrap.iana.example/dns.json\`. ${redirect}${hosting}

    ### Base-URL checks

    Each registered base URL will be checked daily: it must answer over HTTPS with a valid certificate and return a
    valid RDAP response to a help query. ${notify} Base URLs are never removed automatically.

    ## Impact on TLD operators

    Operators whose base URLs work today need do nothing. Operators are asked to keep their technical contact
    current, preferably as a role address.

    ## Impact on RDAP clients

    Clients that follow redirects keep working. Client authors are asked to switch to the new location during the
    transition. The file format is unchanged.

    ## Implementation timeline

    ${timelineMd(rdapTimeline(version, closes))}

    ## Rollback

    The old location stays in place during the transition and can serve the file directly again at any time.

    ## Questions for commenters

    1. Is the transition period long enough for RDAP clients?
    2. When should operators be notified of failed checks?`;
}

function mailTimeline(closes: Date): Milestone[] {
  const d = (n: number) => ymd(addDays(closes, n));
  return [
    { date: d(0), label: "Comment period closes" },
    { date: d(90), label: "Email requests answered with a pointer to the management system" },
    { date: d(180), label: "Email channel closed" },
  ];
}

function mailPlan(closes: Date): string {
  return md`
    ## Background

    Most root zone change requests are submitted through the root zone management system. A small number still
    arrive by email and are entered by IFM staff, which is slower and harder to authenticate.

    ## Scope and basis

    An operational change to how change requests are received; not the outcome of a policy process.

    ## Proposed change

    Stop accepting change requests by email. Requests would be made through the management system's web interface
    or API only.

    ## Impact on TLD operators

    Operators that still use email would need accounts in the management system for their contacts.

    ## Implementation timeline

    ${timelineMd(mailTimeline(closes))}

    ## Questions for commenters

    1. Does your registry still submit requests by email, and why?`;
}

function tcpTimeline(closes: Date): Milestone[] {
  const d = (n: number) => ymd(addDays(closes, n));
  return [
    { date: d(0), label: "Comment period closes" },
    { date: d(30), label: "Final response statement; DUG agreement expected" },
    { date: d(90), label: "Checks run in warning-only mode" },
    { date: d(180), label: "Checks enforced for new change requests" },
  ];
}

function tcpPlan(closes: Date): string {
  return md`
    ## Background

    The technical checks run on root zone change requests test name servers over UDP and, for some checks, IPv4
    only. DNS over TCP is required of all DNS implementations by RFC 7766, and a growing share of resolvers reach
    authoritative servers over IPv6.

    ## Scope and basis

    A technical change to the checks the IFM applies to change requests; not the outcome of a policy process.

    ## Proposed change

    - Every name server of a TLD must answer authoritatively for the TLD over TCP, on IPv4 and, where it has one, on
      IPv6.
    - At least two of a TLD's name servers must be reachable over IPv6.
    - The checks apply to new change requests that touch name servers; existing delegations are only reported on.

    ## Impact on TLD operators

    Operators whose name servers already meet these requirements need do nothing. The IFM will send every operator
    a report of its current status before the warning-only phase begins.

    ## Implementation timeline

    ${timelineMd(tcpTimeline(closes))}

    ## Rollback

    Enforcement can be returned to warning-only mode at any time.

    ## Questions for commenters

    1. Is two IPv6-reachable name servers the right minimum?
    2. Is six months between warnings and enforcement enough?`;
}

function hwKeysTimeline(at: At): Milestone[] {
  return [
    { date: ymd(at(60)), label: "Hardware keys issued to TLD contacts who use the API" },
    { date: ymd(at(150)), label: "API passwords no longer accepted" },
  ];
}

function hwKeysPlan(): string {
  return md`
    ## Background

    TLD operators that automate change requests use the root zone management system's API with long-lived
    passwords. A leaked password could be used to submit requests in an operator's name.

    ## Scope and basis

    An operational security change to the management system; not the outcome of a policy process.

    ## Proposed change

    API clients will authenticate with TLS client certificates whose private keys are held in FIPS 140-3 validated
    hardware security keys, issued by the IFM to named contacts. Passwords will no longer be accepted for the API.
    The web interface is not affected.

    ## Impact on TLD operators

    Operators using the API will need to install a hardware key on the systems that call it and update their client
    software.

    ## Rollback

    Password authentication can be re-enabled for an individual operator while a problem is resolved.

    ## Questions for commenters

    1. Do your automation systems have a way to use hardware keys?
  `;
}

// ---------------------------------------------------------------- comments

function kskComments(at: At): CommentSeed[] {
  return [
    {
      key: "einar-validators",
      by: "einar",
      org: "nordhaf",
      at: at(-11, 9, 40),
      section: "Impact on resolver operators",
      body: md`
        Nordhaf supports moving the root to algorithm 13; we changed our own zone two years ago without trouble.

        Our worry is the resolvers nobody is watching. Several enterprise and public-sector networks in our country run
        validating resolvers on long-term-support distributions that are replaced every five to seven years, and we
        have seen builds whose crypto library was compiled without elliptic-curve support.

        As we read the plan, those resolvers would quietly stop validating rather than fail. That is better than an
        outage, but it is still a loss of protection that nobody would notice. Could the IFM:

        1. publish the measurements behind "current releases … support it", and
        2. consider a longer period with both algorithms in place, so that national CERTs have time to chase the
           stragglers?
      `,
    },
    {
      key: "priya-numbers",
      parent: "einar-validators",
      by: "priya",
      at: at(-10, 16, 5),
      body: md`
        Some numbers that may help. For six months our group has run a daily test from roughly 11,000 vantage points
        against two test zones, one signed with algorithm 8 and one with algorithm 13, each with a deliberately broken
        twin.

        - 97.9% of resolvers that validate the algorithm 8 zone also validate the algorithm 13 zone.
        - Nearly all of the remaining 2.1% treat the algorithm 13 zone as insecure, exactly as the plan describes.
        - We found no resolver that validates algorithm 8 but returns SERVFAIL for a correctly signed algorithm 13 zone.

        Our vantage points are skewed towards Europe and North America, so please read the global figure with care.
      `,
    },
    {
      key: "einar-regions",
      parent: "priya-numbers",
      by: "einar",
      at: at(-10, 20, 30),
      body: "Thank you, this is very useful. Is there a breakdown by country or region? 2.1% globally could easily hide 10% in a network full of old equipment, which is precisely our case.",
    },
    {
      key: "priya-regions",
      parent: "einar-regions",
      by: "priya",
      at: at(-9, 8, 15),
      body: md`
        Yes — the breakdown by region and by origin network is in the published dataset at
        <https://measurement-lab.example/alg13-readiness>. The spread is wide: the worst region is at 6.4%, most of it
        inside a handful of large enterprise networks. We are happy to run extra probes in any country where a
        registry can help us recruit vantage points.
      `,
    },
    {
      key: "ifm-regions",
      parent: "priya-regions",
      by: "hanna",
      ifm: true,
      at: at(-8, 11, 0),
      body: md`
        Thank you both. The readiness reports will use regional figures, not just a global one, and we intend to
        propose numeric thresholds for going ahead with the irreversible step (step 3). A revised plan version
        including both will be published shortly.
      `,
    },
    {
      key: "hiroshi-sizes",
      parent: "einar-validators",
      by: "hiroshi",
      at: at(-9, 13, 20),
      body: md`
        Speaking as the RSSAC liaison, not for individual root server operators: from the server side this change is
        welcome. During the dual-algorithm phase the DNSKEY response grows, but for the key set described it stays
        under 1,232 bytes — _provided no ZSK rollover overlaps a step_, which the plan already rules out. Once the RSA keys
        are gone, responses shrink noticeably.

        We would like the readiness reports to include the TCP fallback rate seen at the root during each step; RSSAC
        can help coordinate that collection.
      `,
    },
    {
      key: "lea-question",
      by: "lea",
      at: at(-10, 10, 0),
      section: "Background",
      body: "Sorry for a basic question from someone outside the industry: what exactly is the KSK, and is there anything ordinary internet users need to do? Will websites stop working on the day of the change?",
    },
    {
      key: "ifm-answer",
      parent: "lea-question",
      by: "tomas",
      ifm: true,
      at: at(-9, 15, 30),
      body: md`
        Not a basic question at all — thank you for asking.

        The key signing key sits at the top of the chain of signatures (DNSSEC) that lets a resolver check that answers
        about domain names have not been tampered with. Most people use a resolver run by their internet provider or a
        public DNS service, and it is those operators who need to be ready.

        For ordinary users:

        - there is nothing to install or change;
        - if your provider's resolver is up to date, nothing changes at all;
        - if it is very old, the plan is designed so that names keep resolving; they simply lose the extra DNSSEC
          check until the resolver is updated.

        The section _Impact on resolver operators_ explains the cases in more detail.
      `,
    },
    {
      key: "lea-router",
      parent: "ifm-answer",
      by: "lea",
      at: at(-9, 18, 0),
      body: 'That is clear, thank you. One follow-up: my home router\'s settings page says it does "DNSSEC validation" itself. Does that count as a resolver that might need updating?',
    },
    {
      key: "sam-router",
      parent: "lea-router",
      by: "sam",
      at: at(-8, 21, 10),
      body: md`
        It may well. Many consumer routers run a small forwarding resolver with validation built in, and firmware on
        older models is rarely updated. If the firmware's crypto library lacks ECDSA, the router will treat the root as
        unsigned after the rollover — you would not lose connectivity.

        You can check today: look up a name in a zone signed with algorithm 13 through the router, e.g.
        \`dig +dnssec example-alg13.test @192.168.1.1\`, and see whether the \`ad\` flag is set in the answer.
      `,
    },
    {
      key: "jonas-freeze",
      by: "jonas",
      org: "meridian",
      at: at(-9, 10, 45),
      section: "Impact on TLD operators",
      body: md`
        Meridian runs three gTLDs and takes DS updates from registrars over EPP around the clock. Our registry–registrar
        agreement commits us to passing DS changes on to the root zone management system within a fixed time, and
        registrars see the result in the root.

        A freeze of up to 48 hours at each of four steps is manageable, but only if we know the windows well ahead.
        Could the plan commit to:

        - announcing each freeze at least 30 days in advance, with start and end times in UTC;
        - a machine-readable calendar of freezes;
        - processing queued DS changes in order of submission once a freeze ends?
      `,
    },
    {
      key: "marguerite-friday",
      parent: "jonas-freeze",
      by: "marguerite",
      org: "heritage",
      at: at(-8, 9, 30),
      body: "Heritage Collections Registry supports this request. We would add that no freeze should end on a Friday or a weekend: a problem found as a freeze lifts is far easier to deal with on a working day in most time zones.",
    },
    {
      key: "kaito-hold",
      parent: "jonas-freeze",
      by: "kaito",
      at: at(-7, 13, 15),
      body: "Writing for myself rather than for Meridian: please also say whether the root zone management system will *refuse* new requests during a freeze or *accept and hold* them. Our EPP server behaves differently in the two cases and registrars will ask us which it is. Accept-and-hold would be much easier to integrate.",
    },
    {
      key: "kwame-ed25519",
      by: "kwame",
      at: at(-8, 14, 0),
      section: "Proposed change",
      body: md`
        I question the choice of algorithm. If the root changes algorithm once a decade, why not go straight to
        Ed25519 (algorithm 15)? Its signatures are the same size as P-256, signing is deterministic — so no exposure to
        a weak random number generator in an HSM — and it is generally regarded as the cleaner design. Choosing P-256
        now risks a second algorithm rollover within a few years.
      `,
    },
    {
      key: "miriam-ed25519",
      parent: "kwame-ed25519",
      by: "miriam",
      at: at(-7, 16, 40),
      body: md`
        Speaking as the IETF liaison, and only to the technical points. RFC 8624 makes algorithm 13 mandatory to implement
        for validation and only recommends algorithm 15, and deployed support differs accordingly: algorithm 15 arrived later in several resolver
        implementations and in some operating-system crypto libraries, and in the measurements mentioned earlier in
        this consultation its support is markedly lower.

        For the root, where the failure mode is a silent loss of validation for a share of users, the algorithm with
        the widest support looks like the conservative choice. The point about deterministic signing is fair, but the
        KSK only signs at ceremonies, under tightly controlled conditions, so the exposure is small.
      `,
    },
    {
      key: "kwame-pushback",
      parent: "miriam-ed25519",
      by: "kwame",
      at: at(-7, 19, 0),
      body: "Support will never catch up if the most important zone keeps picking the older algorithm. The root chose RSA for exactly the same reason the first time. Somebody has to go first, and a ten-year horizon is exactly when it should be the root.",
    },
    {
      key: "devika-hsm",
      parent: "kwame-pushback",
      by: "devika",
      org: "coop",
      at: at(-6, 8, 50),
      body: md`
        A practical objection to algorithm 15 from the registry side: several HSM models common among TLD operators,
        ours included, still have no Ed25519 support in their certified firmware. That does not bind the root, but it
        means fewer operators would have hands-on experience with the root's algorithm. We would rather the root used
        the algorithm most of us already run.
      `,
    },
    {
      key: "kwame-concedes",
      parent: "devika-hsm",
      by: "kwame",
      at: at(-6, 12, 30),
      body: "Fair point about HSM firmware; I did not realise it was still that patchy. I would still like the final statement to commit to reviewing the root's algorithm on a fixed schedule — say every five years — so that the next change does not depend on someone remembering to raise it.",
    },
    {
      key: "selma-rollback",
      by: "selma",
      org: "plateau",
      at: at(-7, 10, 20),
      section: "Rollback",
      edited: {
        at: at(-7, 11, 5),
        earlierBody:
          "The rollback section says that once the RSA KSK is revoked it cannot be reinstated. The plan should say who decides on an emergency rollover if a serious problem appears after revocation.",
      },
      body: md`
        The rollback section says that once the RSA KSK is revoked it cannot be reinstated. We understand why, but the
        plan should say what happens in practice if a serious problem appears **after** revocation:

        - who decides to start an emergency rollover, and how quickly;
        - whether the DUG is consulted first;
        - how TLD operators are told.

        Southern Plateau would be more comfortable agreeing the plan if this were written down before the
        irreversible step rather than improvised.
      `,
    },
    {
      key: "sam-workshop",
      by: "sam",
      at: at(-6, 17, 0),
      hidden: { at: at(-6, 19, 30), by: "tomas", reason: "Off-topic commercial promotion" },
      body: md`
        Is your organisation ready for the rollover? Our two-day **KSK Rollover Readiness Workshop** covers everything
        your team needs. Early-bird places with the code \`ROOT2ECDSA\` at <https://dns-training.example/workshop> —
        book before prices go up!
      `,
    },
    {
      key: "colin-wrong-place",
      by: "colin",
      org: "heritage",
      at: at(-5, 9, 0),
      withdrawnAt: at(-5, 9, 35),
      body: "Heritage Collections Registry asks that the previous location keep serving the file unchanged for at least 24 months.",
    },
    {
      key: "owen-holidays",
      by: "owen",
      org: "kestrel",
      at: at(-3, 9, 10),
      section: "Implementation timeline",
      body: md`
        Thank you for lengthening the dual-algorithm period in version 2; that answers most of our concern.

        One request on timing: please keep the trust anchor publication and every change freeze out of the last two
        weeks of December and the first week of January. Many small registries and ISPs run on skeleton staff then,
        and that is exactly when an unnoticed problem does the most harm.
      `,
    },
    {
      key: "ngaire-holidays",
      parent: "owen-holidays",
      by: "ngaire",
      at: at(-3, 14, 0),
      body: "Writing personally: I agree with Owen. For information, the DUG will review the plan as revised after the comment period closes, and members will take the comments on timing into account in their positions.",
    },
    {
      key: "amara-answers",
      by: "amara",
      org: "coop",
      at: at(-2, 11, 30),
      section: "Questions for commenters",
      body: md`
        Answers from Cooperative Names Alliance to the questions in the plan:

        1. **Duration.** The 60 days in version 2 is enough for us.
        2. **Validators without algorithm 13.** We know of two credit-union networks using a resolver appliance whose
           vendor ended support years ago; we have contacted them directly.
        3. **Change freeze.** 48 hours is acceptable if announced 30 days ahead, as version 2 now says.
        4. **Readiness reports.** Please include how many DS change requests were held during each freeze and how
           long they took to clear.
      `,
    },
    {
      key: "priya-thresholds",
      by: "priya",
      at: at(-2, 15, 45),
      section: "Measurement and go/no-go criteria",
      body: md`
        The new thresholds are a real improvement. Two suggestions:

        > The IFM will not proceed to step 3 if more than 0.5% of measured validating resolvers in any region fail …

        - Please define "region" in the plan (for example, the five RIR service regions) so that the figures can be
          reproduced.
        - Consider running the root-key-sentinel test (RFC 8509) for the new key. It measures which trust anchors
          resolvers actually hold, which matters more at step 3 than whether they support the algorithm.
      `,
    },
    {
      key: "hiroshi-telemetry",
      parent: "priya-thresholds",
      by: "hiroshi",
      at: at(-1, 10, 20),
      body: "Root server operators already collect RFC 8145 key tag signals, and several can aggregate sentinel queries too. RSSAC can ask operators to contribute a weekly per-region aggregate during the rollover, giving the IFM a second, independent source alongside the public measurements.",
    },
  ];
}

function cdsComments(at: At): CommentSeed[] {
  return [
    {
      key: "owen-all-servers",
      by: "owen",
      org: "kestrel",
      at: at(-47, 10),
      section: "Requirements for TLD operators",
      body: md`
        Kestrel Bay NIC welcomes this; we have published CDS for our own zone for a year. On the consistency check:
        please confirm that the scanner queries **every** name server address listed for the TLD, over IPv4 and IPv6,
        and say how an unreachable address is treated. A scan that reaches only some servers is weaker evidence than
        the plan implies.
      `,
    },
    {
      key: "selma-slow-secondary",
      parent: "owen-all-servers",
      by: "selma",
      org: "plateau",
      at: at(-45, 14),
      body: "Southern Plateau has the opposite worry. Two of our secondary servers are run by a partner on another continent and sometimes take hours to load a new serial. If every address must agree on every scan, our CDS changes may never pass. Some tolerance — agreement on two consecutive scans rather than three, say — would help operators in our position.",
    },
    {
      key: "hiroshi-consistency",
      parent: "selma-slow-secondary",
      by: "hiroshi",
      at: at(-44, 9, 30),
      body: "I would be cautious about relaxing consistency. Requiring agreement across all servers is what stops a single compromised or misconfigured server from changing the delegation's security. A slow secondary delays the update, which is a safe failure. Perhaps the 72 hours could instead be counted from the first scan at which all servers agree.",
    },
    {
      key: "devika-emergency",
      by: "devika",
      at: at(-40, 11),
      section: "Proposed change",
      body: "Writing personally. 72 hours of stability is sensible for routine rollovers, but after a KSK compromise an operator wants the new DS in the root as fast as possible. The plan should say plainly that the existing emergency procedure stays available and is not replaced by scanning.",
    },
    {
      key: "kwame-manual-wins",
      parent: "devika-emergency",
      by: "kwame",
      at: at(-39, 8, 20),
      body: "Agreed, and I would go further: scanning should never *block* a manual change request. If an operator submits a DS change the usual way, it should take priority over whatever the scanner last saw.",
    },
    {
      key: "marguerite-backend",
      by: "marguerite",
      org: "heritage",
      at: at(-35, 13),
      section: "Impact on TLD operators",
      body: "Many gTLDs have their DNS and DNSSEC run by a back-end provider, which will often want to opt in many TLDs at once, while the registry operator remains accountable. We ask that opt-in be recorded per TLD and confirmed by the registry operator's own authorised contact, even when the provider makes the request.",
    },
    {
      key: "jonas-batch",
      parent: "marguerite-backend",
      by: "jonas",
      org: "meridian",
      at: at(-33, 10),
      body: "Meridian agrees that opt-in must be per TLD. It would still help to be able to submit one request covering several TLDs of the same operator, as long as each TLD's contacts confirm separately.",
    },
    {
      key: "priya-cds-scan",
      by: "priya",
      at: at(-30, 16),
      section: "Background",
      body: "For context: in our scan last month, 61 TLDs published CDS records. For 7 of them the CDS RRset differed between name servers at the time of the scan, in every case during a rollover in progress. So the consistency rule will delay some updates by a day or so, but should rarely block them for long.",
    },
    {
      key: "pieter-delete",
      by: "pieter",
      at: at(-25, 9),
      section: "Requirements for TLD operators",
      body: "Should the root act on deletion requests (`CDS 0 0 0 00`) at all? Turning DNSSEC off for a whole TLD is rare and serious; I would leave it to the manual process.",
    },
    {
      key: "einar-delete",
      parent: "pieter-delete",
      by: "einar",
      org: "nordhaf",
      at: at(-22, 14),
      body: "We see it differently. When an operator's signing system fails badly, going insecure quickly may be the least bad option, and the CDS deletion signal is the documented way to ask for it. What matters is that a deletion is never applied automatically: the confirmation step must be mandatory and clearly worded.",
    },
    {
      key: "sam-public-results",
      by: "sam",
      at: at(-16, 19),
      body: "Will the scan results be published? A page showing, for each TLD, the last scan time and whether its CDS RRset was consistent would let operators debug their own set-up without opening a ticket.",
    },
    {
      key: "amara-staging",
      by: "amara",
      org: "coop",
      at: at(-10, 10),
      section: "Implementation timeline",
      body: "Cooperative Names Alliance supports the plan, and thanks the IFM for extending the period — it gave our board's technical committee time to review it. Please open the opt-in at least 30 days before scanning goes into production, so that we can test against the staging scanner.",
    },
  ];
}

function mailComments(at: At): CommentSeed[] {
  return [
    {
      key: "selma-email",
      by: "selma",
      org: "plateau",
      at: at(-38, 10),
      section: "Impact on TLD operators",
      body: "We still send some requests by email: our contacts share one mailbox and often travel with poor connectivity, where the web interface is hard to use. Please do not close the channel until the alternatives work well on low-bandwidth connections.",
    },
    {
      key: "devika-email",
      by: "devika",
      org: "coop",
      at: at(-35, 9),
      body: "We stopped using email years ago and support retiring it in principle, but the plan does not say how many operators still depend on it. That number belongs in the plan.",
    },
  ];
}

type Disposed = { disposition: "accepted" | "partially_accepted" | "not_accepted" | "out_of_scope" | "noted"; response: string; section?: string };

function rdapComments(at: At): (CommentSeed & { disposed: Disposed; theme: string })[] {
  const transition = "Transition period and redirects";
  const checks = "Base-URL checks and notifications";
  const compat = "Client and format compatibility";
  return [
    {
      key: "jonas-24-months",
      by: "jonas",
      org: "meridian",
      at: at(-120, 10),
      section: "Implementation timeline",
      body: "Twelve months of redirects is too short. RDAP clients are built into registrar back-office systems, web lookup tools and security products, many of which are updated rarely. We ask for at least 24 months.",
      theme: transition,
      disposed: { disposition: "accepted", response: "The redirect period is extended to 24 months in plan version 2.", section: "Implementation timeline" },
    },
    {
      key: "kaito-301",
      parent: "jonas-24-months",
      by: "kaito",
      at: at(-118, 15),
      body: "+1 to 24 months. Please also use a permanent (301) redirect and send cache headers on the new location: some clients follow a 302 on every request and never update the URL they store.",
      theme: transition,
      disposed: {
        disposition: "partially_accepted",
        response:
          "Version 2 uses a permanent (301) redirect. The new location keeps today's cache lifetime of one day; we did not lengthen it, so that corrections to base URLs still reach clients quickly.",
        section: "New location",
      },
    },
    {
      key: "einar-noise",
      by: "einar",
      org: "nordhaf",
      at: at(-115, 9),
      section: "Base-URL checks",
      body: "Notifying the operator after a single failed daily check will create noise: planned maintenance, a brief certificate renewal glitch, or a network problem between the checker and our servers. Please notify only after several consecutive failures.",
      theme: checks,
      disposed: { disposition: "accepted", response: "Operators are now notified after three consecutive failed daily checks.", section: "Base-URL checks" },
    },
    {
      key: "priya-status-page",
      by: "priya",
      at: at(-110, 14),
      section: "Base-URL checks",
      body: "Please publish the results of the checks. A public status page would let researchers and RDAP client authors see which base URLs work, without each running their own probes.",
      theme: checks,
      disposed: {
        disposition: "accepted",
        response: "A public status page is added to the plan, with the limits described in the response to comment 1-5.",
        section: "Base-URL checks",
      },
    },
    {
      key: "colin-reputation",
      parent: "priya-status-page",
      by: "colin",
      org: "heritage",
      at: at(-108, 11),
      body: "We do not oppose publication, but naming a TLD on a public page after one failed check could harm its reputation over what may be a transient problem on the checker's side. Operators should have time to fix things before they are shown.",
      theme: checks,
      disposed: {
        disposition: "partially_accepted",
        response:
          "Results are published, but a TLD's own status is shown only after seven days of continuous failure; until then the page shows aggregate figures only.",
        section: "Base-URL checks",
      },
    },
    {
      key: "sam-dns-bootstrap",
      by: "sam",
      at: at(-104, 19),
      body: "Has the IFM considered publishing the bootstrap data in the DNS as well, for example in SVCB or TXT records, so that clients without HTTPS access to the bootstrap host can still find RDAP servers?",
      theme: compat,
      disposed: {
        disposition: "out_of_scope",
        response:
          "Publishing bootstrap data in the DNS would first need a protocol specification from the IETF. This plan only changes where the existing file is served and how base URLs are checked.",
      },
    },
    {
      key: "selma-admin-contact",
      by: "selma",
      org: "plateau",
      at: at(-100, 10),
      section: "Impact on TLD operators",
      body: "Notifications of failed checks should go to the administrative contact as well as the technical contact. In smaller registries the technical contact may be one person, who may be away.",
      theme: checks,
      disposed: {
        disposition: "not_accepted",
        response:
          "The technical contact is the operational channel for these matters under existing procedures, and widening it for one kind of notice would be inconsistent. We recommend that operators use a role address for the technical contact; the plan says so.",
        section: "Impact on TLD operators",
      },
    },
    {
      key: "kwame-ipv6",
      by: "kwame",
      at: at(-97, 8),
      section: "Proposed change",
      body: "Please make sure the new host serves the files over IPv6 as well as IPv4, and supports HTTP/2. Some of the old mirrors were IPv4-only.",
      theme: compat,
      disposed: {
        disposition: "noted",
        response: "The new service was always planned to be dual-stack with HTTP/2; version 2 now says so explicitly.",
        section: "New location",
      },
    },
    {
      key: "marguerite-format",
      by: "marguerite",
      org: "heritage",
      at: at(-95, 13),
      section: "Impact on RDAP clients",
      body: "We assume the file format, and the meaning of the `publication` and `version` members, stay exactly as specified in RFC 9224. Please confirm: our monitoring parses them.",
      theme: compat,
      disposed: { disposition: "noted", response: "Confirmed. The format is unchanged and the files served at the two locations are identical byte for byte." },
    },
    {
      key: "miriam-regext",
      by: "miriam",
      at: at(-92, 16),
      body: "For information: the IETF working group on registration protocols has been discussing guidance for bootstrap service operators, including redirect behaviour. The IFM may wish to follow that work; nothing in it conflicts with this plan.",
      theme: compat,
      disposed: { disposition: "noted", response: "Thank you. We will follow the work and revisit the redirect arrangements if the guidance changes." },
    },
  ];
}

const RDAP_THEMES: { name: string; summaryMd: string }[] = [
  {
    name: "Transition period and redirects",
    summaryMd:
      "Registries and client developers asked for a longer transition than 12 months, because RDAP clients are embedded in software that is updated rarely, and for a permanent redirect so that clients update the URL they store.",
  },
  {
    name: "Base-URL checks and notifications",
    summaryMd:
      "Commenters supported daily checks but warned that notifying after a single failure would create noise. Publication of results was supported by researchers; registries asked for time to fix problems before a TLD is named.",
  },
  {
    name: "Client and format compatibility",
    summaryMd:
      "Commenters asked for confirmation that the file format is unchanged, for dual-stack and HTTP/2 service, and raised ideas (bootstrap data in the DNS) that would need IETF work first.",
  },
];

// ================================================================ the seed

/**
 * Loads the demo data into a database that holds nobody yet; false, writing nothing, when it
 * holds people already. The check runs inside the transaction once it holds the seed's lock (on
 * SQLite the write lock, from its start), so
 * two processes starting on one new database (two servers, a server and `npm run seed`) load it
 * once: the second waits for the first and then finds its people.
 */
export async function seedDemoData(client: PrismaClient, now = new Date()): Promise<boolean> {
  const at = clock(now);
  const specs = consultations(at);

  const loaded = await client.$transaction(
    async (tx) => {
      await lockTransaction(tx, "demo-seed");
      if ((await tx.user.count()) > 0) return false;
      const ids = await seedPeople(tx, at);
      const c: Record<string, ConsultationCtx> = {};
      for (const spec of specs) c[spec.key] = await createConsultation(tx, ids, spec);

      // ---- 1. RDAP bootstrap: concluded, with dispositions, themes, agreement record and statement
      const rdapSeeds = rdapComments(at);
      const rdap = await addComments(tx, ids, c.rdap, rdapSeeds);
      await concludeRdap(tx, ids, c.rdap, rdap, rdapSeeds, at);

      // ---- 2. CDS scanning: closed after one extension, DUG review in progress
      await extendCds(tx, ids, c.cds, at);
      await addComments(tx, ids, c.cds, cdsComments(at));
      await reviewCds(tx, ids, c.cds, at);

      // ---- 3. email channel: withdrawn (two comments before it was)
      await addComments(tx, ids, c.mail, mailComments(at));

      // ---- 4. KSK rollover: open, rich discussion
      const ksk = await addComments(tx, ids, c.ksk, kskComments(at));
      await tx.commentFlag.create({
        data: {
          commentId: need(ksk, "kwame-pushback").id,
          userId: ids.user("amara"),
          reason: "Dismisses the compatibility concerns raised by others; could the moderators look at the tone?",
          createdAt: at(-7, 20, 15),
        },
      });

      await tx.setting.create({ data: { key: "MIN_COMMENT_DAYS", value: "30" } });
      return true;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  if (!loaded) return false;
  // The store may be the database itself: its bytes are written once the transaction is done.
  await attachDemoLetter(client, at);
  await storeDemoReport(client);
  return true;
}

/** Writes a demo file's bytes into the attachment store under `key`. */
async function storeDemoBytes(key: string, bytes: Buffer) {
  const staged = path.join(stagingDir(), key);
  await fs.mkdir(stagingDir(), { recursive: true });
  await fs.writeFile(staged, bytes);
  await attachmentStore().put(key, staged);
}

/** Nordhaf's first comment on the KSK rollover carries its formal letter (plain text). */
async function attachDemoLetter(client: PrismaClient, at: At) {
  const comment = await client.comment.findFirst({
    where: { consultation: { number: 4 }, parentId: null, organisationId: { not: null } },
    orderBy: { seq: "asc" },
    select: { id: true, consultationId: true, authorId: true },
  });
  if (!comment) return;
  const text = DEMO_LETTER.replace(/^ {4}/gm, "").trim() + "\n";
  const bytes = Buffer.from(text);
  const id = `demoletter${comment.id.slice(-8)}`;
  await storeDemoBytes(id, bytes);
  await client.attachment.create({
    data: {
      id,
      commentId: comment.id,
      consultationId: comment.consultationId,
      position: 1,
      fileName: "Nordhaf letter to the IFM.txt",
      mediaType: "text/plain",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      storageKey: id,
      uploaderId: comment.authorId,
      createdAt: at(-11, 9, 40),
      textStatus: "ready",
      text,
      textAt: at(-11, 9, 41),
    },
  });
}

const DEMO_REPORT_NAME = "RDAP bootstrap checks: test report.txt";

function demoReport(): Buffer {
  return Buffer.from(
    md`
      RDAP bootstrap service: results of the trial checks

      During the comment period the IFM ran the proposed daily base-URL checks against every
      registered RDAP service for 30 days, without notifying anyone. 3 % of services failed one check;
      0.4 % failed three checks in a row, the threshold the statement adopts for a notification.
    `.trim() + "\n",
  );
}

/** The statement's demo report: its bytes into the store, once the demo data's transaction is done. */
async function storeDemoReport(client: PrismaClient) {
  const file = await client.attachment.findFirst({ where: { fileName: DEMO_REPORT_NAME, statementId: { not: null } }, select: { storageKey: true } });
  if (file) await storeDemoBytes(file.storageKey, demoReport());
}

const DEMO_LETTER = `
    Nordhaf Internet Registry
    Board of Directors

    To the IANA Functions Manager

    Subject: Root zone KSK rollover to algorithm 13 — formal position of the registry

    The Board supports the move of the root zone's key signing key to ECDSA P-256. We ask that the
    period with both algorithms published be long enough for national CERTs to reach validating
    resolvers on long-term-support systems, and that the measurements behind the plan's estimate of
    resolver support be published before the rollover begins.

    For the Board,
    Einar Thorvaldsson
`;

// ---------------------------------------------------------------- people

type Tx = Prisma.TransactionClient;
type Ids = {
  user: (key: string) => string;
  org: (key: string) => string;
  isRep: (user: string, org: string) => boolean;
  name: (key: string) => string;
  roles: (key: string) => string[];
};

async function seedPeople(tx: Tx, at: At): Promise<Ids> {
  const users = new Map<string, string>();
  const orgs = new Map<string, string>();
  for (const u of USERS) {
    const row = await tx.user.create({
      data: { email: u.email.toLowerCase(), displayName: u.name, createdAt: at(-u.joinedDaysAgo, 9) },
      select: { id: true },
    });
    users.set(u.key, row.id);
  }
  const adminId = need(users, "admin");
  const ids: Ids = {
    user: (key) => need(users, key),
    org: (key) => need(orgs, key),
    isRep: (user, org) => REPRESENTATIVES.some((r) => r.user === user && r.org === org),
    name: (key) =>
      needFound(
        USERS.find((u) => u.key === key),
        key,
      ).name,
    roles: (key) =>
      needFound(
        USERS.find((u) => u.key === key),
        key,
      ).roles,
  };

  for (const u of USERS) {
    for (const role of u.roles) {
      const grantedAt = at(-u.joinedDaysAgo + (role === "admin" ? 0 : 1), 10);
      await tx.userRole.create({ data: { userId: ids.user(u.key), role, grantedAt, grantedById: adminId } });
      await audit(tx, { actor: adminId, action: "role.grant", subjectType: "user", subjectId: ids.user(u.key), data: { role }, at: grantedAt });
    }
  }

  for (const o of ORGANISATIONS) {
    const row = await tx.organisation.create({
      data: { name: o.name, kind: o.kind, website: o.website, createdAt: at(-400, 11), tlds: { create: o.tlds.map((name) => ({ name })) } },
      select: { id: true },
    });
    orgs.set(o.key, row.id);
  }

  for (const r of REPRESENTATIVES) {
    const u = needFound(
      USERS.find((x) => x.key === r.user),
      r.user,
    );
    const verifiedAt = at(-u.joinedDaysAgo + 2, 14);
    await tx.membership.create({
      data: { userId: ids.user(r.user), organisationId: ids.org(r.org), title: r.title, verifiedAt, verifiedById: adminId },
    });
    await audit(tx, {
      actor: adminId,
      action: "membership.verify",
      subjectType: "user",
      subjectId: ids.user(r.user),
      data: { organisationId: ids.org(r.org), title: r.title },
      at: verifiedAt,
    });
  }

  for (const s of DUG_SEATS) {
    if (s.endedAt !== undefined) {
      // A past member: the role was granted with the seat and revoked when the term ended.
      for (const [action, day] of [
        ["role.grant", s.termStart],
        ["role.revoke", s.endedAt],
      ] as const) {
        await audit(tx, { actor: adminId, action, subjectType: "user", subjectId: ids.user(s.user), data: { role: "dug_member" }, at: at(day, 10) });
      }
    }
    await tx.dugSeat.create({
      data: {
        userId: ids.user(s.user),
        seat: s.seat,
        organisationId: s.org ? ids.org(s.org) : null,
        liaisonFrom: s.liaisonFrom ?? null,
        isChair: s.isChair ?? false,
        termStart: at(s.termStart, 0),
        termEnd: at(s.termEnd, 0),
        endedAt: s.endedAt === undefined ? null : at(s.endedAt, 0),
        createdAt: at(Math.min(s.termStart - 5, -5), 10),
      },
    });
  }
  return ids;
}

// ---------------------------------------------------------------- consultations and plan versions

type Heading = { id: string; level: number; text: string };
type VersionCtx = { id: string; number: number; publishedAt: Date | null; headings: Heading[]; contentHash: string };
type ConsultationCtx = { id: string; number: number; title: string; opensAt: Date | null; closesAt: Date | null; versions: VersionCtx[] };

async function createConsultation(tx: Tx, ids: Ids, spec: ConsultationSeed): Promise<ConsultationCtx> {
  const current = spec.versions[spec.versions.length - 1];
  const row = await tx.consultation.create({
    data: {
      number: spec.number,
      slug: slugify(spec.title),
      title: spec.title,
      summary: spec.summary,
      category: spec.category,
      affected: spec.affected,
      basis: spec.basis,
      dugRequired: spec.dugRequired,
      contactName: ids.name(spec.contact),
      contactEmail: needFound(
        USERS.find((u) => u.key === spec.contact),
        spec.contact,
      ).email,
      createdById: ids.user(spec.createdBy),
      createdAt: spec.createdAt,
      publishedAt: spec.publishedAt,
      opensAt: spec.opensAt,
      closesAt: spec.closesAt,
      withdrawnAt: spec.withdrawn?.at ?? null,
      withdrawnReason: spec.withdrawn?.reason ?? null,
      searchText: `${spec.title}\n${spec.summary}\n${current.bodyMd}`.toLowerCase(),
    },
    select: { id: true },
  });

  const versions: VersionCtx[] = [];
  for (const v of spec.versions) {
    const { html, headings } = renderMarkdown(v.bodyMd);
    const contentHash = sha256(v.bodyMd);
    const created = await tx.planVersion.create({
      data: {
        consultationId: row.id,
        number: v.number,
        bodyMd: v.bodyMd,
        bodyHtml: html,
        headingsJson: JSON.stringify(headings),
        timelineJson: JSON.stringify(v.timeline),
        changeSummary: v.changeSummary ?? null,
        contentHash,
        createdById: ids.user(v.by),
        createdAt: v.createdAt,
        publishedAt: v.publishedAt,
      },
      select: { id: true },
    });
    versions.push({ id: created.id, number: v.number, publishedAt: v.publishedAt, headings, contentHash });

    if (v.publishedAt && v.number === 1) {
      await audit(tx, {
        actor: ids.user(v.by),
        action: "consultation.publish",
        subjectType: "consultation",
        subjectId: row.id,
        consultationId: row.id,
        isPublic: true,
        data: { version: 1, opensAt: spec.opensAt?.toISOString() ?? null, closesAt: spec.closesAt?.toISOString() ?? null },
        at: v.publishedAt,
      });
    } else if (v.publishedAt) {
      await audit(tx, {
        actor: ids.user(v.by),
        action: "consultation.revise",
        subjectType: "consultation",
        subjectId: row.id,
        consultationId: row.id,
        isPublic: true,
        data: { version: v.number, changeSummary: v.changeSummary ?? null },
        at: v.publishedAt,
      });
    }
  }

  if (spec.withdrawn) {
    await audit(tx, {
      actor: ids.user(spec.withdrawn.by),
      action: "consultation.withdraw",
      subjectType: "consultation",
      subjectId: row.id,
      consultationId: row.id,
      isPublic: true,
      data: { reason: spec.withdrawn.reason },
      at: spec.withdrawn.at,
    });
  }
  return { id: row.id, number: spec.number, title: spec.title, opensAt: spec.opensAt, closesAt: spec.closesAt, versions };
}

// ---------------------------------------------------------------- comments

type CommentCtx = {
  id: string;
  seq: number;
  ref: string;
  depth: number;
  threadId: string | null;
  versionNumber: number;
  sectionId: string | null;
  seed: CommentSeed;
};

/**
 * Creates the comments of one consultation in time order: assigns the sequence numbers, thread,
 * depth, plan version current at the time and plan section, then the consultation's counters.
 */
async function addComments(tx: Tx, ids: Ids, consultation: ConsultationCtx, seeds: CommentSeed[]): Promise<Map<string, CommentCtx>> {
  const sorted = [...seeds].sort((a, b) => a.at.getTime() - b.at.getTime());
  const byKey = new Map(seeds.map((s) => [s.key, s]));
  const rootOf = (s: CommentSeed): string => (s.parent ? rootOf(needFound(byKey.get(s.parent), s.parent)) : s.key);
  const threadActivity = new Map<string, Date>();
  for (const s of seeds) {
    const root = rootOf(s);
    const seen = threadActivity.get(root);
    if (!seen || s.at > seen) threadActivity.set(root, s.at);
  }

  const created = new Map<string, CommentCtx>();
  let seq = 0;
  for (const s of sorted) {
    seq += 1;
    const parent = s.parent ? need(created, s.parent) : null;
    const version = versionAt(consultation, s.at);
    const section = s.section ? sectionOf(version, s.section) : null;
    if (s.org && !ids.isRep(s.by, s.org)) throw new Error(`${s.key}: ${s.by} does not represent ${s.org}`);
    if (s.ifm && !ids.roles(s.by).includes("ifm")) throw new Error(`${s.key}: ${s.by} is not IFM staff`);
    if (consultation.closesAt && s.at > consultation.closesAt && !parent) throw new Error(`${s.key}: after the period closed`);

    const row = await tx.comment.create({
      data: {
        consultationId: consultation.id,
        seq,
        parentId: parent?.id ?? null,
        threadId: parent ? (parent.threadId ?? parent.id) : null,
        depth: parent ? parent.depth + 1 : 0,
        authorId: ids.user(s.by),
        organisationId: s.org ? ids.org(s.org) : null,
        planVersionId: version.id,
        sectionId: section?.id ?? null,
        sectionTitle: section?.text ?? null,
        bodyMd: s.body,
        bodyHtml: renderMarkdown(s.body, { headingIds: false }).html,
        isIfmReply: s.ifm ?? false,
        createdAt: s.at,
        editedAt: s.edited?.at ?? null,
        withdrawnAt: s.withdrawnAt ?? null,
        hiddenAt: s.hidden?.at ?? null,
        hiddenReason: s.hidden?.reason ?? null,
        hiddenById: s.hidden ? ids.user(s.hidden.by) : null,
        lastActivityAt: parent ? s.at : need(threadActivity, s.key),
      },
      select: { id: true },
    });
    const ctx: CommentCtx = {
      id: row.id,
      seq,
      ref: `${consultation.number}-${seq}`,
      depth: parent ? parent.depth + 1 : 0,
      threadId: parent ? (parent.threadId ?? parent.id) : null,
      versionNumber: version.number,
      sectionId: section?.id ?? null,
      seed: s,
    };
    created.set(s.key, ctx);

    if (s.edited) {
      await tx.commentRevision.create({
        data: { commentId: row.id, bodyMd: s.edited.earlierBody, bodyHtml: renderMarkdown(s.edited.earlierBody, { headingIds: false }).html, createdAt: s.at },
      });
    }
    if (s.hidden) {
      await audit(tx, {
        actor: ids.user(s.hidden.by),
        action: "comment.hide",
        subjectType: "comment",
        subjectId: row.id,
        consultationId: consultation.id,
        isPublic: true,
        data: { ref: ctx.ref, reason: s.hidden.reason },
        at: s.hidden.at,
      });
    }
  }

  const visible = seeds.filter((s) => !s.hidden && !s.withdrawnAt).length;
  await tx.consultation.update({ where: { id: consultation.id }, data: { commentSeq: seq, commentCount: visible } });
  return created;
}

function versionAt(consultation: ConsultationCtx, when: Date): VersionCtx {
  const published = consultation.versions.filter((v) => v.publishedAt && v.publishedAt <= when);
  if (!published.length) throw new Error(`No published plan version of consultation ${consultation.number} at ${when.toISOString()}`);
  return published[published.length - 1];
}

function sectionOf(version: VersionCtx, title: string): Heading {
  return needFound(
    version.headings.find((h) => h.text === title || h.id === title),
    `section "${title}" in version ${version.number}`,
  );
}

// ---------------------------------------------------------------- the closed consultation: extension and DUG review

async function extendCds(tx: Tx, ids: Ids, consultation: ConsultationCtx, at: At) {
  const previousClosesAt = needFound(consultation.closesAt, "CDS closesAt");
  const newClosesAt = at(-8, 12);
  const reason = "Extended at the request of several ccTLD managers during the regional meeting, to allow their technical committees to review the plan.";
  const when = at(-17, 10);
  await tx.closingExtension.create({
    data: { consultationId: consultation.id, previousClosesAt, newClosesAt, reason, createdById: ids.user("hanna"), createdAt: when },
  });
  await tx.consultation.update({ where: { id: consultation.id }, data: { closesAt: newClosesAt } });
  await audit(tx, {
    actor: ids.user("hanna"),
    action: "consultation.extend",
    subjectType: "consultation",
    subjectId: consultation.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { previousClosesAt: previousClosesAt.toISOString(), newClosesAt: newClosesAt.toISOString(), reason },
    at: when,
  });
  consultation.closesAt = newClosesAt;
}

async function reviewCds(tx: Tx, ids: Ids, consultation: ConsultationCtx, at: At) {
  const version = consultation.versions[consultation.versions.length - 1];
  const openedAt = at(-5, 9);
  const review = await tx.dugReview.create({
    data: { consultationId: consultation.id, planVersionId: version.id, round: 1, openedById: ids.user("hanna"), openedAt, deadline: at(9, 12) },
    select: { id: true },
  });
  await audit(tx, {
    actor: ids.user("hanna"),
    action: "dug.review.open",
    subjectType: "dug_review",
    subjectId: review.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { round: 1, planVersion: version.number, deadline: at(9, 12).toISOString() },
    at: openedAt,
  });

  const positions: { by: string; position: string; rationale: string; conditions?: string; at: Date }[] = [
    {
      by: "ngaire",
      position: "agree",
      at: at(-4, 10),
      rationale:
        "The plan is optional for each TLD, keeps the manual and emergency procedures, and the requirements match what registries already apply to their own registrants.",
    },
    {
      by: "einar",
      position: "object",
      at: at(-4, 15),
      rationale:
        "The wording on DS deletion is ambiguous: it could be read as allowing a CDS deletion request to take effect without a person at the TLD confirming it. We cannot agree on that basis.",
    },
    {
      by: "jonas",
      position: "agree",
      at: at(-3, 11),
      rationale: "Per-TLD opt-in and the 72-hour stability period answer the concerns gTLD operators raised during the comment period.",
    },
    {
      by: "einar",
      position: "agree_with_conditions",
      at: at(-2, 9),
      rationale: "The IFM has confirmed that the confirmation step is mandatory for every deletion. We agree, provided the final plan says so in those words.",
      conditions:
        "The final plan states that a DS deletion requested by CDS is never applied without confirmation by the TLD's technical contact in the root zone management system.",
    },
  ];
  for (const p of positions) {
    if (!ids.roles(p.by).includes("dug_member")) throw new Error(`${p.by} is not a voting member`);
    await tx.dugPosition.create({
      data: { reviewId: review.id, userId: ids.user(p.by), position: p.position, rationale: p.rationale, conditions: p.conditions ?? null, createdAt: p.at },
    });
    // As recordPosition does (app/models/dug-review.server.ts): each position is public history.
    const previous = positions.filter((q) => q.by === p.by && q.at < p.at).at(-1)?.position ?? null;
    await audit(tx, {
      actor: ids.user(p.by),
      action: "dug.position.record",
      subjectType: "dug_review",
      subjectId: review.id,
      consultationId: consultation.id,
      isPublic: true,
      data: { round: 1, member: ids.name(p.by), position: p.position, previous },
      at: p.at,
    });
  }

  const advice = md`
    Advice from the IETF liaison (non-voting):

    - The requirements are consistent with RFC 7344 and RFC 8078. Counting the 72 hours from the
      first scan at which **all** name servers agree, as suggested in the comments, keeps the safety property without
      penalising slow secondaries.
    - Consider publishing the scanner's behaviour (query timing, treatment of unreachable addresses) as a short
      operational note, so that TLD operators can predict it.
  `;
  await tx.dugAdvice.create({
    data: {
      reviewId: review.id,
      userId: ids.user("miriam"),
      bodyMd: advice,
      bodyHtml: renderMarkdown(advice, { headingIds: false }).html,
      createdAt: at(-3, 16),
    },
  });
  await audit(tx, {
    actor: ids.user("miriam"),
    action: "dug.advice.post",
    subjectType: "dug_review",
    subjectId: review.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { round: 1, liaison: ids.name("miriam"), from: "Internet Engineering Task Force (IETF)" },
    at: at(-3, 16),
  });
}

// ---------------------------------------------------------------- the concluded consultation

async function concludeRdap(
  tx: Tx,
  ids: Ids,
  consultation: ConsultationCtx,
  comments: Map<string, CommentCtx>,
  seeds: ReturnType<typeof rdapComments>,
  at: At,
) {
  const v2 = needFound(
    consultation.versions.find((v) => v.number === 2),
    "RDAP version 2",
  );
  const concludedAt = at(-60, 10);

  // Dispositions and themes.
  for (const s of seeds) {
    const c = need(comments, s.key);
    const section = s.disposed.section ? sectionOf(v2, s.disposed.section) : null;
    await tx.disposition.create({
      data: {
        commentId: c.id,
        disposition: s.disposed.disposition,
        responseMd: s.disposed.response,
        responseHtml: renderMarkdown(s.disposed.response, { headingIds: false }).html,
        planVersionNumber: s.disposed.disposition === "accepted" || s.disposed.disposition === "partially_accepted" ? 2 : null,
        sectionId: section?.id ?? null,
        updatedById: ids.user("tomas"),
      },
    });
  }
  const themeIds = new Map<string, string>();
  for (const t of RDAP_THEMES) {
    const row = await tx.theme.create({ data: { consultationId: consultation.id, name: t.name, summaryMd: t.summaryMd }, select: { id: true } });
    themeIds.set(t.name, row.id);
  }
  for (const s of seeds) await tx.commentTheme.create({ data: { commentId: need(comments, s.key).id, themeId: need(themeIds, s.theme) } });

  // DUG review: agreed, with the immutable agreement record.
  const openedAt = at(-86, 10);
  const decidedAt = at(-70, 15);
  const review = await tx.dugReview.create({
    data: { consultationId: consultation.id, planVersionId: v2.id, round: 1, openedById: ids.user("tomas"), openedAt, deadline: at(-72, 12) },
    select: { id: true },
  });
  await audit(tx, {
    actor: ids.user("tomas"),
    action: "dug.review.open",
    subjectType: "dug_review",
    subjectId: review.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { round: 1, planVersion: 2, deadline: at(-72, 12).toISOString() },
    at: openedAt,
  });
  const positions: { by: string; position: string; rationale: string; conditions?: string; at: Date }[] = [
    {
      by: "ngaire",
      position: "agree",
      at: at(-84, 10),
      rationale: "Version 2 answers the main registry concerns: a longer transition and far fewer false alarms.",
    },
    { by: "einar", position: "agree", at: at(-83, 9), rationale: "Our comment on notification noise was accepted; the plan is now proportionate." },
    {
      by: "selma",
      position: "agree_with_conditions",
      at: at(-80, 14),
      rationale:
        "We accept that notices go to the technical contact, but operators need to know exactly what counts as a failure before anything is published about them.",
      conditions: "Before the status page goes live, the IFM publishes the exact criteria for a check to count as failed.",
    },
    {
      by: "marguerite",
      position: "agree",
      at: at(-79, 11),
      rationale: "The seven-day rule before a TLD is named addresses the reputational concern we raised.",
    },
    { by: "devika", position: "agree", at: at(-78, 16), rationale: "No change is required of operators whose base URLs work; the format is unchanged." },
    { by: "pieter", position: "agree", at: at(-76, 10), rationale: "A low-risk operational change with a clear way back." },
    {
      by: "kaito",
      position: "recuse",
      at: at(-75, 9),
      rationale: "My employer was among the companies that tendered to host the new bootstrap service, so I take no position.",
    },
  ];
  for (const p of positions) {
    if (!ids.roles(p.by).includes("dug_member")) throw new Error(`${p.by} is not a voting member`);
    await tx.dugPosition.create({
      data: { reviewId: review.id, userId: ids.user(p.by), position: p.position, rationale: p.rationale, conditions: p.conditions ?? null, createdAt: p.at },
    });
    // As recordPosition does (app/models/dug-review.server.ts): each position is public history.
    const previous = positions.filter((q) => q.by === p.by && q.at < p.at).at(-1)?.position ?? null;
    await audit(tx, {
      actor: ids.user(p.by),
      action: "dug.position.record",
      subjectType: "dug_review",
      subjectId: review.id,
      consultationId: consultation.id,
      isPublic: true,
      data: { round: 1, member: ids.name(p.by), position: p.position, previous },
      at: p.at,
    });
  }
  const conditions = positions.flatMap((p) => (p.conditions ? [p.conditions] : []));
  // The same builder as a real certification (app/models/dug-record.ts), so demo and real records share one shape.
  const votingSeats = DUG_SEATS.filter((seat) => seat.seat === "voting" && seat.endedAt === undefined);
  const orgOf = (by: string) => ORGANISATIONS.find((o) => o.key === votingSeats.find((seat) => seat.user === by)?.org)?.name ?? null;
  const rule = evaluateRule({
    seated: votingSeats.map((seat) => seat.user),
    positions: positions.map((p) => ({ userId: p.by, position: p.position as Position })),
  });
  const { recordJson, recordHash } = buildAgreementRecord({
    consultation: { number: consultation.number, title: consultation.title },
    round: 1,
    outcome: "agreed",
    plan: { number: v2.number, contentHash: v2.contentHash },
    positions: positions.map((p) => ({
      member: ids.name(p.by),
      organisation: orgOf(p.by),
      position: p.position as Position,
      rationale: p.rationale,
      conditions: p.conditions ?? null,
      recordedAt: p.at,
    })),
    rule,
    certifiedBy: ids.name("ngaire"),
    decidedAt,
  });
  if (!rule.agreed || conditions.length !== 1) throw new Error("The RDAP demo review does not meet the DUG rule");
  await tx.dugReview.update({
    where: { id: review.id },
    data: { outcome: "agreed", decidedAt, certifiedById: ids.user("ngaire"), recordJson, recordHash },
  });
  await audit(tx, {
    actor: ids.user("ngaire"),
    action: "dug.review.certify",
    subjectType: "dug_review",
    subjectId: review.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { round: 1, planVersion: v2.number, outcome: "agreed", recordHash },
    at: decidedAt,
  });

  // The final response statement.
  const orgComments = seeds.filter((s) => s.org);
  const ccOrg = orgComments.filter((s) => ORGANISATIONS.find((o) => o.key === s.org)?.kind === "cctld").length;
  const opensAt = needFound(consultation.opensAt, "RDAP opensAt");
  const closesAt = needFound(consultation.closesAt, "RDAP closesAt");
  const introMd = [
    `This statement concludes consultation ${consultation.number}, *${consultation.title}*.`,
    `The comment period ran from ${utc(opensAt)} to ${utc(closesAt)}.`,
    `${plural(seeds.length, { one: "# comment was", other: "# comments were" })} received: ${orgComments.length} on behalf of TLD registry operators`,
    `(${ccOrg} ccTLD, ${orgComments.length - ccOrg} gTLD) and ${seeds.length - orgComments.length} from individuals.`,
    "The IFM thanks everyone who took part.",
  ].join(" ");
  const analysisMd = md`
    The comments fell into three themes.

    **Transition period and redirects.** The transition is extended from 12 to 24 months and the redirect is now
    permanent (301).

    **Base-URL checks and notifications.** Operators are notified after three consecutive failed daily checks, not
    one. Check results are published, but a TLD's own status appears only after seven days of continuous failure.
    Notices continue to go to the technical contact only.

    **Client and format compatibility.** The file format is unchanged; the new location is dual-stack with HTTP/2.
    Publishing bootstrap data in the DNS is outside the scope of this plan.

    These changes were made in plan version 2, on which the Direct User Group agreed the plan on behalf of TLD
    registry operators on ${utc(decidedAt)}, with one condition: the criteria for a failed check are published
    before the status page goes live.`;
  const nextStepsMd = md`
    - The new location enters service on the date in the plan's timeline; the old location redirects for 24 months.
    - The criteria for a failed check will be published at least 30 days before the status page goes live.
    - The IFM will report on the first six months of checks to the DUG.
  `;
  const statement = await tx.statement.create({
    data: { consultationId: consultation.id, introMd, analysisMd, nextStepsMd },
    select: { id: true },
  });
  // The statement's own file: the report it refers to (its bytes are stored after the transaction).
  const report = demoReport();
  const reportFile = await tx.attachment.create({
    data: {
      id: `demoreport${statement.id.slice(-8)}`,
      statementId: statement.id,
      consultationId: consultation.id,
      position: 1,
      fileName: DEMO_REPORT_NAME,
      mediaType: "text/plain",
      size: report.length,
      sha256: createHash("sha256").update(report).digest("hex"),
      storageKey: `demoreport${statement.id.slice(-8)}`,
      uploaderId: ids.user("tomas"),
      createdAt: new Date(concludedAt.getTime() - 3_600_000),
      textStatus: "ready",
      text: report.toString(),
      textAt: new Date(concludedAt.getTime() - 3_600_000),
    },
    select: { id: true },
  });

  // The published revision, built by the app's own generator (exactly what publishing produces),
  // at the backdated publication time.
  const generated = needFound(
    await generateStatement({ client: tx, consultationId: consultation.id, revision: { number: 1, publishedAt: concludedAt, erratum: null } }),
    "RDAP statement",
  );
  if (generated.content.unanswered) throw new Error(`Seed data: ${generated.content.unanswered} RDAP comments have no disposition`);
  const revision = await tx.statementRevision.create({
    data: {
      statementId: statement.id,
      number: 1,
      contentJson: generated.contentJson,
      markdown: generated.markdown,
      html: generated.html,
      contentHash: generated.contentHash,
      publishedById: ids.user("tomas"),
      publishedAt: concludedAt,
    },
    select: { id: true },
  });
  await tx.statementRevisionAttachment.create({ data: { revisionId: revision.id, attachmentId: reportFile.id } });
  await tx.consultation.update({ where: { id: consultation.id }, data: { concludedAt } });
  await audit(tx, {
    actor: ids.user("tomas"),
    action: "statement.publish",
    subjectType: "statement",
    subjectId: statement.id,
    consultationId: consultation.id,
    isPublic: true,
    data: { revision: 1, revisionId: revision.id, contentHash: generated.contentHash, erratum: null },
    at: concludedAt,
  });
}

// ================================================================ small helpers

const DAY = 86_400_000;

/** `at(-3, 9, 30)`: 09:30 UTC three days before today (UTC). */
function clock(now: Date): At {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return (dayOffset, hour = 12, minute = 0) => new Date(midnight + dayOffset * DAY + hour * 3_600_000 + minute * 60_000);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function timelineMd(items: Milestone[]): string {
  return items.map((m) => `- **${m.date}** — ${m.label}`).join("\n");
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.length <= 80 ? slug : slug.slice(0, 80).replace(/-[^-]*$/, "");
}

/**
 * Markdown in template literals: removes the indentation of the source code (not of interpolated
 * values) and the surrounding blank lines, so that indented text does not become a code block.
 */
function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const lines = strings.join("\u0000").replace(/^\n/, "").replace(/\s+$/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const indent = indents.length ? Math.min(...indents) : 0;
  let i = 0;
  return lines
    .map((l) => l.slice(indent))
    .join("\n")
    .replace(/\u0000/g, () => String(values[i++]));
}

async function audit(
  tx: Tx,
  e: {
    actor: string;
    action: string;
    subjectType: string;
    subjectId: string;
    consultationId?: string;
    isPublic?: boolean;
    data: Record<string, unknown>;
    at: Date;
  },
) {
  await tx.auditEvent.create({
    data: {
      actorId: e.actor,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      consultationId: e.consultationId ?? null,
      isPublic: e.isPublic ?? false,
      dataJson: JSON.stringify(e.data),
      createdAt: e.at,
    },
  });
}

function need<V>(map: Map<string, V>, key: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed data refers to unknown "${key}"`);
  return value;
}

function needFound<V>(value: V | undefined | null, what: string): V {
  if (value === undefined || value === null) throw new Error(`Seed data: ${what} not found`);
  return value;
}

// ================================================================ `npm run seed`

async function main() {
  await tuneDatabase();
  const client = db();
  try {
    const existing = await client.user.count();
    if (existing > 0) {
      console.log(`The database already has ${plural(existing, NOUNS.user)}; demo data not loaded.`);
      return;
    }
    if (!(await seedDemoData(client))) {
      console.log("Another process loaded the demo data meanwhile; demo data not loaded again.");
      return;
    }
    const [users, organisations, consultationCount, comments] = await Promise.all([
      client.user.count(),
      client.organisation.count(),
      client.consultation.count(),
      client.comment.count(),
    ]);
    const counts = [
      plural(users, NOUNS.user),
      plural(organisations, { one: "# organisation", other: "# organisations" }),
      plural(consultationCount, NOUNS.consultation),
      plural(comments, NOUNS.comment),
    ];
    console.log(`Demo data loaded: ${counts.join(", ")}.`);
    console.log("Demo accounts (sign in with the emailed link or code):");
    for (const a of DEMO_ACCOUNTS) {
      const roles = a.roles.length ? a.roles.join(", ") : a.organisation ? "representative" : "public";
      console.log(`  ${a.email.padEnd(46)} ${a.name.padEnd(22)} ${roles}${a.organisation ? ` — ${a.organisation}` : ""}`);
    }
  } finally {
    await client.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
