import type { ReactNode } from "react";

// A table may be wider than a phone. Rather than the whole page, it scrolls sideways inside its
// own region, which keyboard users can focus (to scroll it with the arrow keys) and screen
// readers announce by its label (WCAG 2.2 1.4.10 Reflow, 2.1.1 Keyboard).

export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take focus to be scrolled by keyboard
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * The same region around every captioned table of stored, generated HTML (the final statement),
 * labelled by its caption: applied when the page is served, so revisions published earlier get
 * it too. Tables without a caption (small ones, or from markdown) are left as they are.
 */
export function withTableRegions(html: string): string {
  const wrapped: boolean[] = [];
  const captionAt = /\s*<caption\b[^>]*>([\s\S]*?)<\/caption>/y;
  return html.replace(/<table\b[^>]*>|<\/table>/g, (tag, offset: number) => {
    if (tag === "</table>") return wrapped.pop() ? "</table></div>" : tag;
    captionAt.lastIndex = offset + tag.length;
    const caption = captionAt.exec(html);
    wrapped.push(!!caption);
    if (!caption) return tag;
    // The caption is HTML already escaped by its generator: only its tags are removed.
    const label = caption[1]
      .replace(/<[^>]*>/g, "")
      .replace(/"/g, "&quot;")
      .trim();
    return `<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${tag}`;
  });
}
