import { PageLinks } from "~/components/pagination";
import { withTableRegions } from "~/components/table-region";

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
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination response-pages no-print" aria-label="Pages of the response table">
      <span>
        Responses {from.toLocaleString("en-US")}–{to.toLocaleString("en-US")} of {rows.toLocaleString("en-US")}
      </span>
      <PageLinks page={page} pageCount={pageCount} hrefFor={hrefFor} what="responses" />
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
