import { createContext, createElement, useContext, useMemo, type MouseEventHandler } from "react";

/**
 * Stored, sanitised HTML as a loader hands it to the page: the string itself, or — in the data of
 * a document request, whose HTML already contains it — a stand-in (see `htmlOnce`), so the
 * hydration data does not carry the same bytes a second time.
 */
export type PageHtml = string | InDocument;
export type InDocument = { readonly inDocument: true };

/** The HTML behind each stand-in of this document request (empty in the browser). */
export type DocumentHtml = Map<InDocument, string>;

const DocumentHtmlContext = createContext<DocumentHtml | null>(null);
export const DocumentHtmlProvider = DocumentHtmlContext.Provider;

type Props = {
  id: string;
  html: PageHtml;
  as?: "div" | "section" | "span";
  className?: string;
  onClick?: MouseEventHandler<HTMLElement>;
  /** The language of the HTML when it is not the page's (with its direction). */
  lang?: string;
  dir?: "ltr" | "rtl";
};

/**
 * Renders stored HTML. On the server a stand-in is looked up in the request's HTML; in the browser,
 * hydrating a page whose data has a stand-in, the element's own content is the HTML (the server
 * put it there), so React sees exactly what is in the document. Navigations and revalidations
 * bring the real string, which replaces it.
 */
export function ServerHtml({ id, html, as = "div", className, onClick, lang, dir }: Props) {
  const documentHtml = useContext(DocumentHtmlContext);
  const __html = useMemo(() => {
    if (typeof html === "string") return html;
    if (documentHtml) return documentHtml.get(html) ?? "";
    return typeof document === "undefined" ? "" : (document.getElementById(id)?.innerHTML ?? "");
  }, [html, documentHtml, id]);
  return createElement(as, { id, className, onClick, lang, dir, dangerouslySetInnerHTML: { __html } });
}
