import { Form, Link } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextField } from "~/components/field";

export type FollowBoxProps = {
  slug: string;
  /** null: the visitor is signed out and may follow by email. */
  following: boolean | null;
};

/**
 * Follow or unfollow a consultation. Posts to /consultations/:slug/follow, which redirects back
 * here; works without JavaScript.
 */
export function FollowBox({ slug, following }: FollowBoxProps) {
  const action = `/consultations/${slug}/follow`;
  // Refused follow forms are answered by the follow page, which shows this box again.
  const byEmail = useFormReply("follow-by-email");
  const oneClick = useFormReply(["follow", "unfollow"]);
  return (
    <section className="follow-box" id="follow" aria-labelledby="follow-heading">
      <h2 id="follow-heading">Follow this consultation</h2>
      <ErrorSummary reply={oneClick} idPrefix="follow-" />
      {following === null ? (
        <>
          <p className="small">
            Get an email when the plan is revised, the deadline nears or changes, and when comments are posted. No account needed: we send a link to confirm
            your address first. Or <Link to={`/login?redirectTo=${encodeURIComponent(`/consultations/${slug}`)}`}>sign in</Link> to follow with one click.
          </p>
          <Form method="post" action={action} className="form" noValidate>
            <ErrorSummary reply={byEmail} idPrefix="follow-" />
            <input type="hidden" name="intent" value="follow-by-email" />
            <TextField
              label="Your email address"
              name="email"
              id="follow-email"
              type="email"
              autoComplete="email"
              spellCheck={false}
              required
              defaultValue={byEmail?.values.email ?? ""}
              error={byEmail?.errors.email}
            />
            <div className="actions">
              <button type="submit">Follow by email</button>
            </div>
          </Form>
        </>
      ) : (
        <Form method="post" action={action} className="actions">
          <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
          {following ? <p className="small">You follow this consultation.</p> : null}
          <button type="submit" className={following ? "secondary" : undefined}>
            {following ? "Unfollow" : "Follow"}
          </button>
          <Link className="small" to="/settings/notifications">
            Notification settings
          </Link>
        </Form>
      )}
    </section>
  );
}
