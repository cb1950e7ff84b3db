import { useEnglishContent, useLocale, useT } from "~/i18n/t";
import { formatUtcIn } from "~/models/time";
import type { Locale } from "~/services/language";
import type { Milestone } from "./fields";

/** A milestone's day (stored as 2027-03-01) in the page's language; English keeps it as stored. */
function milestoneDate(date: string, locale: Locale): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : null;
  return day && !Number.isNaN(day.getTime()) ? formatUtcIn(day, locale, false) : date;
}

/** The plan's proposed implementation timeline; nothing when it has none. */
export function Timeline({ milestones }: { milestones: Milestone[] }) {
  const t = useT();
  const locale = useLocale();
  const english = useEnglishContent();
  if (!milestones.length) return null;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("consultation.timeline.heading")}</h2>
      <table className="data-table timeline-table">
        <thead>
          <tr>
            <th scope="col">{t("consultation.timeline.date")}</th>
            <th scope="col">{t("consultation.timeline.milestone")}</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.date + m.label}>
              <td>{milestoneDate(m.date, locale)}</td>
              <td {...english}>{m.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
