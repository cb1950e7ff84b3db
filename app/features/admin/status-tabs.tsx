import { Link } from "@remix-run/react";
import { useT, type MessageId } from "~/i18n/t";

/** The status filter of a staff log (outgoing or inbound mail): every status with its count. */
export function StatusTabs<S extends string>({
  base,
  statuses,
  labels,
  counts,
  current,
}: {
  base: string;
  statuses: readonly S[];
  labels: Record<S, MessageId>;
  counts: Partial<Record<string, number>>;
  current: string;
}) {
  const t = useT();
  const all = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  return (
    <ul className="tabs" aria-label={t("admin.filter.label")}>
      <li>
        <Link to={base} aria-current={current === "" ? "page" : undefined}>
          {t("admin.filter.all", { count: all })}
        </Link>
      </li>
      {statuses.map((s) => (
        <li key={s}>
          <Link to={`${base}?status=${s}`} aria-current={current === s ? "page" : undefined}>
            {t("admin.filter.status", { label: t(labels[s]), count: counts[s] ?? 0 })}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** What a staff log without rows says: none at all, or none with the status chosen. */
export function NoMessages({ status }: { status: string }) {
  const t = useT();
  return <p>{t(status ? "admin.filter.noMessagesWithStatus" : "admin.filter.noMessages")}</p>;
}
