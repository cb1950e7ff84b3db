import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttachmentFacts, attachmentPath } from "~/features/attachments/attachment-view";
import { getAttachmentDetails } from "~/features/attachments/attachment.server";
import { commentPath } from "~/features/comments/comment-thread";
import { isStaff } from "~/models/roles";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const details = await getAttachmentDetails({ slug: params.slug!, ref: params.ref!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!details) notFound("There is no attachment at this address.");
  return details;
}

export default function AttachmentPage() {
  const { consultation, comment, attachment: a, served } = useLoaderData<typeof loader>();
  const path = attachmentPath(consultation.slug, comment.ref, a.position);
  return (
    <div className="page attachment-page">
      <p className="eyebrow">
        Attachment {a.position} of comment {comment.ref}
      </p>
      <h1 className="attachment-name">{a.fileName}</h1>
      <p>
        Attached to <Link to={commentPath(consultation.slug, comment.ref)}>comment {comment.ref}</Link> by {comment.authorName} on{" "}
        <Link to={`/consultations/${consultation.slug}`}>{consultation.title}</Link>.
      </p>
      {comment.state !== "visible" ? (
        <p className="tombstone">
          {comment.state === "hidden" ? `Hidden by the IFM with its comment: ${comment.hiddenReason}` : "Withdrawn with its comment by its author."}
          {served ? " (you can open it as IFM staff)" : " The file is no longer available; its record stays."}
        </p>
      ) : null}
      <AttachmentFacts attachment={a} path={path} served={served} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.attachment.fileName} · comment ${data.comment.ref} · ${data.consultation.title}` }] : [{ title: "Attachment not found" }];
