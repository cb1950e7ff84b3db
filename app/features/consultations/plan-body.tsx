import { ServerHtml, type PageHtml } from "~/components/server-html";

/**
 * Adds a "Comment on this section" link after each h2/h3 of a stored, sanitised plan. The ids
 * come from our own renderer (letters, digits, hyphens), so this string edit is safe.
 */
export function withSectionLinks(html: string, commentPath: string | null): string {
  if (!commentPath) return html;
  return html.replace(/<(h[23]) id="([a-z0-9-]+)">([\s\S]*?)<\/\1>/g, (whole, _tag: string, id: string) => {
    return `${whole}<p class="section-comment no-print"><a href="${commentPath}?section=${id}#comment-form">Comment on this section</a></p>`;
  });
}

export function PlanBody({ html }: { html: PageHtml }) {
  return <ServerHtml id="plan-text" className="prose plan rendered" html={html} />;
}

export function TableOfContents({ headings }: { headings: { id: string; level: number; text: string }[] }) {
  const items = headings.filter((h) => h.level >= 2 && h.level <= 3);
  if (!items.length) return null;
  return (
    <nav className="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">Contents</h2>
      <ol>
        {items.map((h) => (
          <li key={h.id} className={h.level === 3 ? "toc-sub" : undefined}>
            <a href={`#${h.id}`}>{h.text}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
