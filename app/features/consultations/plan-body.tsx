import { ServerHtml, type PageHtml } from "~/components/server-html";
import { useEnglishContent, useT } from "~/i18n/t";
import { escapeHtml } from "~/services/html-escape";

/** The "Comment on this section" link: its text in the page's language, and that language's attributes. */
export type SectionLink = { path: string; label: string; lang?: string; dir?: "ltr" | "rtl" };

/**
 * Adds a "Comment on this section" link after each h2/h3 of a stored, sanitised plan. The ids
 * come from our own renderer (letters, digits, hyphens), so this string edit is safe. The plan is
 * English: on a page in another language the link says which language it is written in.
 */
export function withSectionLinks(html: string, link: SectionLink | null): string {
  if (!link) return html;
  const language = link.lang ? ` lang="${escapeHtml(link.lang)}" dir="${link.dir ?? "ltr"}"` : "";
  const label = escapeHtml(link.label);
  return html.replace(/<(h[23]) id="([a-z0-9-]+)">([\s\S]*?)<\/\1>/g, (whole, _tag: string, id: string) => {
    return `${whole}<p class="section-comment no-print"${language}><a href="${escapeHtml(link.path)}?section=${id}#comment-form">${label}</a></p>`;
  });
}

export function PlanBody({ html }: { html: PageHtml }) {
  return <ServerHtml id="plan-text" className="prose plan rendered" html={html} {...useEnglishContent()} />;
}

export function TableOfContents({ headings }: { headings: { id: string; level: number; text: string }[] }) {
  const t = useT();
  const english = useEnglishContent();
  const items = headings.filter((h) => h.level >= 2 && h.level <= 3);
  if (!items.length) return null;
  return (
    <nav className="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">{t("consultation.toc.heading")}</h2>
      <ol>
        {items.map((h) => (
          <li key={h.id} className={h.level === 3 ? "toc-sub" : undefined}>
            <a href={`#${h.id}`} {...english}>
              {h.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
