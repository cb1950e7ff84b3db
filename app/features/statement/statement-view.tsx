import { PageLinks } from "~/components/pagination";
import { withTableRegions } from "~/components/table-region";
import { useLocale, useT } from "~/i18n/t";

/** Pages of the response table when a statement has more rows than one page holds. */
export function ResponsePages({
  page,
  pageCount,
  from,
  to,
  rows,
  hrefFor,
}: {
  page: number;
  pageCount: number;
  from: number;
  to: number;
  rows: number;
  hrefFor: (page: number) => string;
}) {
  const t = useT();
  // PageLinks names what it pages in English only; other languages get its plain words.
  const english = useLocale() === "en";
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination response-pages no-print" aria-label={t("statement.page.responsePages")}>
      <span>{t("statement.page.responsesShown", { from, to, rows })}</span>
      <PageLinks page={page} pageCount={pageCount} hrefFor={hrefFor} what={english ? "responses" : undefined} />
    </nav>
  );
}

/**
 * The generated statement (stored HTML, or a preview's), around which the page puts its header;
 * its tables scroll inside their own regions on narrow screens.
 */
export function StatementBody({ html }: { html: string }) {
  return <div className="statement-document" dangerouslySetInnerHTML={{ __html: withTableRegions(html) }} />;
}
