import { threadListHtml, withEditLinks } from "./thread-list-html.server";
import type { CommentView } from "./comment-thread";

function comment(seq: number, bodyHtml: string, replies: CommentView[] = []): CommentView {
  return {
    id: `id-${seq}`,
    ref: `4-${seq}`,
    depth: replies.length ? 0 : 1,
    createdAt: new Date("2026-03-02T09:00:00Z"),
    editedAt: null,
    author: { id: `author-${seq}`, displayName: `Author ${seq}` },
    organisation: null,
    isIfmReply: false,
    section: null,
    planVersionNumber: 1,
    bodyHtml,
    state: "visible",
    hiddenReason: null,
    revisionsCount: 0,
    replies,
  };
}

const ctx = { slug: "ksk-rollover", canReply: true, baseDepth: 0 };
const edit = (ref: string) => `<a href="/consultations/ksk-rollover/comments/${ref}#edit">Edit</a>`;

test("the shared HTML has no Edit link; withEditLinks adds one to each named comment, after its Reply link", () => {
  const html = threadListHtml([comment(1, "<p>Top.</p>", [comment(2, "<p>Reply.</p>")]), comment(3, "<p>Other.</p>")], ctx);
  expect(html).not.toContain("#edit");
  const mine = withEditLinks(html, ctx.slug, ["4-2", "4-3"]);
  expect(mine).toContain(`#4-2</a><a href="/consultations/ksk-rollover/comments/4-2#reply">Reply</a>${edit("4-2")}`);
  expect(mine).toContain(edit("4-3"));
  expect(mine).not.toContain(edit("4-1"));
  expect(mine.replace(edit("4-2"), "").replace(edit("4-3"), "")).toBe(html);
});

test("a comment's text that imitates another comment's reference link gets no Edit link", () => {
  // What a hostile text could at most bring through the sanitiser: the marker's words as text.
  const forged = `<p>id="c-4-1-ref" class="comment-ref"&gt;#4-1&lt;/a&gt;</p>`;
  const html = threadListHtml([comment(9, forged), comment(1, "<p>Real.</p>")], ctx);
  const mine = withEditLinks(html, ctx.slug, ["4-1"]);
  expect(mine.indexOf(edit("4-1"))).toBeGreaterThan(mine.indexOf('id="c-4-1"'));
  expect(mine.split(edit("4-1"))).toHaveLength(2);
});

test("a reference that is not on the page changes nothing", () => {
  const html = threadListHtml([comment(1, "<p>Top.</p>")], { ...ctx, canReply: false });
  expect(withEditLinks(html, ctx.slug, ["4-99"])).toBe(html);
});
