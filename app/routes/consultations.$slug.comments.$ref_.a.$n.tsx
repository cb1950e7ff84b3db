import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttachmentFacts, attachmentPath } from "~/features/attachments/attachment-view";
import { getAttachmentDetails } from "~/features/attachments/attachment.server";
import { commentPath } from "~/features/comments/comment-thread";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT, type MessageId } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const details = await getAttachmentDetails({ slug: params.slug!, ref: params.ref!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!details) notFound(translate(locale, "comments.notFound.attachment"));
  const title = translate(locale, "comments.attachmentPage.pageTitle", {
    fileName: details.attachment.fileName,
    ref: details.comment.ref,
    title: details.consultation.title,
  });
  return { ...details, title };
}

// What becomes of the file of a hidden or withdrawn comment, as its page says it.
const TOMBSTONES: Record<"hidden" | "withdrawn", { served: MessageId; gone: MessageId }> = {
  hidden: { served: "comments.attachmentPage.hiddenServed", gone: "comments.attachmentPage.hiddenGone" },
  withdrawn: { served: "comments.attachmentPage.withdrawnServed", gone: "comments.attachmentPage.withdrawnGone" },
};

export default function AttachmentPage() {
  const { consultation, comment, attachment: a, served } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const path = attachmentPath(consultation.slug, comment.ref, a.position);
  return (
    <div className="page attachment-page">
      <p className="eyebrow">{rich("comments.attachmentPage.eyebrow", { position: a.position, ref: <bdi>{comment.ref}</bdi> })}</p>
      <h1 className="attachment-name">{a.fileName}</h1>
      <p>
        {rich("comments.attachmentPage.attachedTo", {
          author: <bdi>{comment.authorName}</bdi>,
          comment: (chunks) => <Link to={commentPath(consultation.slug, comment.ref)}>{chunks}</Link>,
          consultation: (
            <Link to={`/consultations/${consultation.slug}`} {...english}>
              {consultation.title}
            </Link>
          ),
          ref: <bdi>{comment.ref}</bdi>,
        })}
      </p>
      {comment.state !== "visible" ? (
        <p className="tombstone">
          {t(TOMBSTONES[comment.state === "hidden" ? "hidden" : "withdrawn"][served ? "served" : "gone"], { reason: comment.hiddenReason ?? "" })}
        </p>
      ) : null}
      <AttachmentFacts attachment={a} path={path} served={served} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Attachment not found" }];
