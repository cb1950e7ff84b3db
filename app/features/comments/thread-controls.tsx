import { Link } from "@remix-run/react";
import { useT, type MessageId } from "~/i18n/t";
import type { ThreadSort } from "./reference";

// The heading and controls of a consultation page's list of threads.

const SORT_LABELS: [ThreadSort, MessageId][] = [
  ["oldest", "comments.sort.oldest"],
  ["newest", "comments.sort.newest"],
  ["section", "comments.sort.section"],
];

/** "Comments (12)": the heading of the comment section. */
export function CommentsHeading({ count }: { count: number }) {
  const t = useT();
  return <h2 id="comments-heading">{t("comments.section.heading", { count })}</h2>;
}

/** The orders the threads can be read in, the current one marked. */
export function ThreadSortBar({ sort }: { sort: ThreadSort }) {
  const t = useT();
  return (
    <nav className="sort-bar" aria-label={t("comments.sort.label")}>
      <span>{t("comments.sort.order")}</span>
      <ul className="tabs">
        {SORT_LABELS.map(([key, label]) => (
          <li key={key}>
            <Link to={`?sort=${key}#comments`} aria-current={sort === key ? "page" : undefined} preventScrollReset>
              {t(label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function NoComments() {
  return <p>{useT()("comments.section.none")}</p>;
}
