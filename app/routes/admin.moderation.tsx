import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UtcTime } from "~/components/time";
import { listFlaggedComments } from "~/features/comments/moderation.server";
import { requirePermission } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "comment.moderate");
  return { flagged: await listFlaggedComments() };
}

export default function Moderation() {
  const { flagged } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Flagged comments</h1>
      <p className="muted">Comments readers have flagged for the IFM. Open one to hide it (with a public reason) or dismiss the flags.</p>
      {flagged.length === 0 ? (
        <p>No comment is waiting for review.</p>
      ) : (
        <ul className="card-list">
          {flagged.map((c) => (
            <li key={c.id} className="card">
              <p className="eyebrow">
                <Link to={`/consultations/${c.consultation.slug}/comments/${c.ref}`}>Comment {c.ref}</Link> on {c.consultation.title}
                {c.hiddenAt ? <span className="badge badge-muted"> hidden</span> : null}
              </p>
              <p>
                <strong>{c.authorName}</strong>, <UtcTime value={c.createdAt} />: “{c.excerpt}”
              </p>
              <ul>
                {c.flags.map((f, i) => (
                  <li key={i}>
                    Flagged by {f.userName} on <UtcTime value={f.createdAt} />: {f.reason}
                  </li>
                ))}
              </ul>
              <Link className="button secondary" to={`/consultations/${c.consultation.slug}/comments/${c.ref}#moderate-heading`}>
                Review
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Flagged comments · Staff" }];
