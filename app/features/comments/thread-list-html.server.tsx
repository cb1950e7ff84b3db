// The threads of a page as HTML. What every reader with the same rights sees (IFM staff or not,
// allowed to reply or not) is rendered once per generation of public content and shared; the one
// personal part of a thread — the Edit link on the reader's own comments, while they may still
// edit them — is added to that HTML per request. The HTML is in one language: callers that share
// it key it by that language too.
import { renderToStaticMarkup } from "react-dom/server";
import { messagesFor, translate } from "~/i18n/catalogue.server";
import { MessagesProvider } from "~/i18n/messages-context";
import { PageIntlProvider } from "~/i18n/t";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { CommentList, commentPath, type CommentListContext, type CommentView } from "./comment-thread";
import { commentAnchorId } from "./reference";

export function threadListHtml(comments: CommentView[], ctx: CommentListContext, locale: Locale = DEFAULT_LOCALE): string {
  return renderToStaticMarkup(
    <MessagesProvider value={{ locale, messages: messagesFor(locale) }}>
      <PageIntlProvider>
        <CommentList comments={comments} ctx={ctx} />
      </PageIntlProvider>
    </MessagesProvider>,
  );
}

/** Text as React writes it between tags (the catalogue's words may hold &, < or >). */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * `html` (from threadListHtml) with an Edit link after the reference (and Reply) link of each
 * comment in `refs`. The reference link's `id` and `class` cannot occur in a comment's text (the
 * sanitiser allows neither), so the place found is the comment's own footer. Slugs and references
 * hold no character that HTML escapes, so the strings match what React wrote.
 */
export function withEditLinks(html: string, slug: string, refs: readonly string[], locale: Locale = DEFAULT_LOCALE): string {
  let out = html;
  const replyText = escapeText(translate(locale, "comments.thread.reply"));
  const editText = escapeText(translate(locale, "comments.thread.edit"));
  for (const ref of refs) {
    const permalink = commentPath(slug, ref);
    const marker = `id="${commentAnchorId(ref)}-ref" class="comment-ref">#${ref}</a>`;
    const found = out.indexOf(marker);
    if (found === -1) continue;
    let at = found + marker.length;
    const reply = `<a href="${permalink}#reply">${replyText}</a>`;
    if (out.startsWith(reply, at)) at += reply.length;
    out = `${out.slice(0, at)}<a href="${permalink}#edit">${editText}</a>${out.slice(at)}`;
  }
  return out;
}

type SubtreeNode = CommentView & { canEdit: boolean; replies: SubtreeNode[] };

/** A comment and its replies (a permalink page), with the viewer's Edit links. */
export function subtreeHtml(node: SubtreeNode, ctx: Omit<CommentListContext, "baseDepth">, locale: Locale = DEFAULT_LOCALE): string {
  const editable = (n: SubtreeNode): string[] => [...(n.canEdit ? [n.ref] : []), ...n.replies.flatMap(editable)];
  return withEditLinks(threadListHtml([node], { ...ctx, baseDepth: node.depth }, locale), ctx.slug, editable(node), locale);
}
