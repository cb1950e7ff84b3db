import { db, sqlRead } from "~/services/db.server";
import { column, statement } from "~/services/sql/statement";
import { recordAudit } from "./audit.server";
import type { Actor } from "./permissions";
import { denied, type Refused } from "./refusal.server";

// Settings an administrator can change at run time, with their defaults.
export const SETTING_DEFAULTS = {
  MIN_COMMENT_DAYS: "30",
  // The DUG's decision rule (app/features/dug/rule.ts, docs/decisions/013).
  DUG_QUORUM_PERCENT: "50",
  DUG_AGREE_PERCENT: "50",
  DUG_OBJECTIONS_TOLERATED: "0",
  // Attachments on comments (app/features/attachments/rules.ts).
  ATTACHMENT_MAX_MB: "10",
  ATTACHMENTS_PER_USER_PER_DAY: "20",
  ATTACHMENT_MB_PER_CONSULTATION: "2000",
} as const;
export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function getSetting(key: SettingKey): Promise<string> {
  return (await getSettings([key]))[key];
}

const ALL_SETTINGS = statement()(`SELECT "key", "value" FROM "Setting"`, { key: column.text, value: column.text });

/**
 * Several settings in one read. Every comment posted asks for the attachment limits, so the
 * (small) table is read with one statement of the typed SQL layer, without a query of Prisma's.
 */
export async function getSettings<K extends SettingKey>(keys: readonly K[]): Promise<Record<K, string>> {
  const rows = await sqlRead((sql) => sql.all(ALL_SETTINGS, []));
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  return Object.fromEntries(keys.map((key) => [key, stored.get(key) ?? SETTING_DEFAULTS[key]])) as Record<K, string>;
}

/** Changes several settings at once (all or none), with one audit event per changed value. Administrators only. */
export async function setSettings({ actor, values }: { actor: Actor; values: Partial<Record<SettingKey, string>> }): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "settings.change");
  if (notAllowed) return notAllowed;
  await db().$transaction(async (tx) => {
    for (const [key, value] of Object.entries(values) as [SettingKey, string][]) {
      const before = await tx.setting.findUnique({ where: { key }, select: { value: true } });
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "setting.change",
        subjectType: "setting",
        subjectId: key,
        data: { before: before?.value ?? SETTING_DEFAULTS[key], after: value },
      });
    }
  });
  return { ok: true };
}
