// The vocabularies of a consultation, shared by forms, pages and the server.
export const CATEGORIES = ["dnssec", "root_zone_management", "rdap", "dns_protocol", "other"] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = {
  dnssec: "DNSSEC",
  root_zone_management: "Root zone management",
  rdap: "RDAP",
  dns_protocol: "DNS protocol change",
  other: "Other",
};

export const AFFECTED = ["cctld", "gtld", "both", "public"] as const;
export type Affected = (typeof AFFECTED)[number];
export const BASES = ["technical", "operational"] as const;
export type Basis = (typeof BASES)[number];
export type Milestone = { date: string; label: string };

export function labelOf<T extends string>(labels: Record<T, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value;
}
