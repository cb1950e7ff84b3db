import { Form, Link } from "@remix-run/react";
import { CATEGORY_LABELS, labelOf } from "~/features/consultations/fields";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";

export type NotificationSettingsData = {
  email: string;
  commentMode: "immediate" | "daily";
  notifyReplies: boolean;
  autoFollowOnComment: boolean;
  unsubscribedAll: boolean;
  confirmed: boolean;
  hasAccount: boolean;
  subscriptions: {
    id: string;
    scope: "consultation" | "all_new";
    consultation: { slug: string; title: string; number: number } | null;
    categories: string[];
  }[];
};

export function describeNewConsultations(categories: string[]): string {
  return categories.length ? `Every new consultation in: ${categories.map((c) => labelOf(CATEGORY_LABELS, c)).join(", ")}` : "Every new consultation";
}

/**
 * What someone follows and how they are told: shared by /settings/notifications (signed-in)
 * and /follow/manage/:token (reached from a mail). Every form posts to the page it is on.
 */
export function NotificationSettings({ settings }: { settings: NotificationSettingsData }) {
  // A refused settings form comes back as it was submitted.
  const saved = useFormReply("save-settings");
  const other = useFormReply(["remove-subscription", "unsubscribe-all", "follow-consultation", "follow-new"]);
  const values = saved?.values;
  const errors = saved?.errors;
  const commentMode = values?.commentMode ?? settings.commentMode;
  const notifyReplies = values ? values.notifyReplies === "on" : settings.notifyReplies;
  const autoFollow = values ? values.autoFollowOnComment === "on" : settings.autoFollowOnComment;
  return (
    <div className="notification-settings">
      <ErrorSummary reply={other} idPrefix="subscriptions-" />
      {!settings.confirmed ? (
        <div className="notice notice-warn" role="note">
          Your address is not confirmed yet: nothing is sent until you use the confirmation link we mailed to {settings.email}.
        </div>
      ) : null}
      {settings.unsubscribedAll ? (
        <div className="notice notice-info" role="note">
          You unsubscribed from everything: we send you no notifications. Following something again turns them back on.
        </div>
      ) : null}

      <h2>What you follow</h2>
      {settings.subscriptions.length ? (
        <ul className="subscription-list">
          {settings.subscriptions.map((s) => (
            <li key={s.id}>
              {s.scope === "all_new" ? (
                <span>{describeNewConsultations(s.categories)}</span>
              ) : s.consultation ? (
                <Link to={`/consultations/${s.consultation.slug}`}>
                  Consultation {s.consultation.number}: {s.consultation.title}
                </Link>
              ) : (
                <span>A consultation that no longer exists</span>
              )}{" "}
              <RowAction intent="remove-subscription" name="subscriptionId" value={s.id}>
                Stop following<span className="visually-hidden">{s.consultation ? ` consultation ${s.consultation.number}` : " new consultations"}</span>
              </RowAction>
            </li>
          ))}
        </ul>
      ) : (
        <p>
          You follow nothing at the moment. Follow a consultation from its page, or <Link to="/follow">follow every new consultation</Link>.
        </p>
      )}

      <h2>How you are told</h2>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={saved} fieldIds={{ commentMode: "commentMode-immediate" }} />
        <input type="hidden" name="intent" value="save-settings" />
        <fieldset className="field">
          <legend>New comments on consultations you follow</legend>
          {errors?.commentMode ? (
            <p className="field-error" id="commentMode-error">
              <span className="visually-hidden">Error: </span>
              {errors.commentMode}
            </p>
          ) : null}
          <div className="checkbox">
            <input type="radio" id="commentMode-immediate" name="commentMode" value="immediate" defaultChecked={commentMode === "immediate"} />
            <label htmlFor="commentMode-immediate">One mail per comment, as soon as it is posted</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="commentMode-daily" name="commentMode" value="daily" defaultChecked={commentMode === "daily"} />
            <label htmlFor="commentMode-daily">A daily digest with all new comments</label>
          </div>
        </fieldset>
        <div className="checkbox">
          <input type="checkbox" id="notifyReplies" name="notifyReplies" defaultChecked={notifyReplies} />
          <label htmlFor="notifyReplies">Tell me at once when someone replies to one of my comments</label>
        </div>
        {settings.hasAccount ? (
          <div className="checkbox">
            <input type="checkbox" id="autoFollowOnComment" name="autoFollowOnComment" defaultChecked={autoFollow} />
            <label htmlFor="autoFollowOnComment">Follow a consultation when I comment on it</label>
          </div>
        ) : (
          <input type="hidden" name="autoFollowOnComment" value={autoFollow ? "on" : ""} />
        )}
        <div className="actions">
          <button type="submit">Save settings</button>
        </div>
      </Form>

      <h2>Stop everything</h2>
      <p>Stops every notification to {settings.email} and removes everything you follow. Sign-in mails are not affected.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="unsubscribe-all" />
        <button type="submit" className="danger" disabled={settings.unsubscribedAll && settings.subscriptions.length === 0}>
          Unsubscribe from everything
        </button>
      </Form>
    </div>
  );
}
