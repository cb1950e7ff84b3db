import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttachmentFacts } from "~/features/attachments/attachment-view";
import { getStatementFileDetails } from "~/features/statement/statement-files.server";
import { revisionsSentence, statementFilePath } from "~/features/statement/statement-files";
import { isStaff } from "~/models/roles";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const details = await getStatementFileDetails({ slug: params.slug!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!details) notFound("The statement has no file at this address.");
  return details;
}

/** A published statement's files are frozen with it: nothing can be posted to one. */
export async function action({ params }: ActionFunctionArgs) {
  throw data(
    {
      message: `A published statement's files cannot be changed. IFM staff change the draft's files from /consultations/${params.slug}/statement/edit?view=texts; a new revision publishes them.`,
    },
    { status: 405 },
  );
}

export default function StatementFilePage() {
  const { consultation: c, attachment: a, revisions, onDraft } = useLoaderData<typeof loader>();
  const statement = `/consultations/${c.slug}/statement`;
  return (
    <div className="page attachment-page">
      <p className="eyebrow">
        File {a.position} of the final statement · Consultation {c.number}
      </p>
      <h1 className="attachment-name">{a.fileName}</h1>
      <p>
        A file of the <Link to={statement}>final response statement</Link> on <Link to={`/consultations/${c.slug}`}>{c.title}</Link>.{" "}
        {revisionsSentence(revisions)}
        {revisions.length && !onDraft ? " It is no longer on the draft of the next revision." : ""}
      </p>
      <AttachmentFacts attachment={a} path={statementFilePath(c.slug, a.position)} served />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.attachment.fileName} · final statement · ${data.consultation.title}` }] : [{ title: "File not found" }];
