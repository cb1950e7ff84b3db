import { Link } from "@remix-run/react";
import { useT } from "~/i18n/t";

/** Previous/next links that keep the other query parameters. */
export function Pagination({ page, pageCount, search }: { page: number; pageCount: number; search: string }) {
  const t = useT();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(p));
    return `?${params.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t("shell.pagination.label")}>
      <PageLinks page={page} pageCount={pageCount} hrefFor={href} />
    </nav>
  );
}

/** The previous link, "Page n of m" and the next link, inside a pagination nav; `what` names the things paged ("responses"). */
export function PageLinks({ page, pageCount, hrefFor, what }: { page: number; pageCount: number; hrefFor: (page: number) => string; what?: string }) {
  const t = useT();
  return (
    <>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {what ? `← Previous ${what}` : t("shell.pagination.previous")}
        </Link>
      ) : null}
      <span>{t("shell.pagination.pageOf", { page, pageCount })}</span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {what ? `Next ${what} →` : t("shell.pagination.next")}
        </Link>
      ) : null}
    </>
  );
}

export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get("page") ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
