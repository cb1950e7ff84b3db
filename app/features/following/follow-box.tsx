import { Form, Link } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/field";
import { useRich, useT } from "~/i18n/t";
import { useFollowingReply } from "./form-reply";

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
  const t = useT();
  const rich = useRich();
  const action = `/consultations/${slug}/follow`;
  // Refused follow forms are answered by the follow page, which shows this box again.
  const byEmail = useFollowingReply("follow-by-email");
  const oneClick = useFollowingReply(["follow", "unfollow"]);
  return (
    <section className="follow-box" id="follow" aria-labelledby="follow-heading">
      <h2 id="follow-heading">{t("following.box.heading")}</h2>
      <ErrorSummary reply={oneClick} idPrefix="follow-" />
      {following === null ? (
        <>
          <p className="small">
            {rich("following.box.intro", {
              link: (chunks) => <Link to={`/login?redirectTo=${encodeURIComponent(`/consultations/${slug}`)}`}>{chunks}</Link>,
            })}
          </p>
          <Form method="post" action={action} className="form" noValidate>
            <ErrorSummary reply={byEmail} idPrefix="follow-" />
            <input type="hidden" name="intent" value="follow-by-email" />
            <TextField
              label={t("following.field.email")}
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
              <button type="submit">{t("following.box.byEmail")}</button>
            </div>
          </Form>
        </>
      ) : (
        <Form method="post" action={action} className="actions">
          <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
          {following ? <p className="small">{t("following.box.youFollow")}</p> : null}
          <button type="submit" className={following ? "secondary" : undefined}>
            {following ? t("following.box.unfollow") : t("following.box.follow")}
          </button>
          <Link className="small" to="/settings/notifications">
            {t("following.settingsLink")}
          </Link>
        </Form>
      )}
    </section>
  );
}
