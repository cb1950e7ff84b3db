import { Form, Link } from "@remix-run/react";
import { CATEGORIES, CATEGORY_LABELS, labelOf, type Category } from "~/features/consultations/fields";
import { ErrorSummary } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { useRich, useT, type MessageId } from "~/i18n/t";
import { EnglishText } from "./english-text";
import { useFollowingReply } from "./form-reply";

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

/** A message formatter: useT() in components, translate bound to a language on the server. */
export type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

/** A category's label in the page's language (as stored for an unknown one). */
export function categoryLabel(category: string, t: Translate): string {
  return (CATEGORIES as readonly string[]).includes(category) ? t(`consultations.category.${category as Category}`) : labelOf(CATEGORY_LABELS, category);
}

/** The labels of `categories`, listed. */
export const categoryList = (categories: string[], t: Translate) => categories.map((c) => categoryLabel(c, t)).join(", ");

/**
 * "Every new consultation" or "Every new consultation in: …"; `which` picks the sentence it is
 * said in (a list item, a flash message, a question), each a message of its own.
 */
export function describeNewConsultations(categories: string[], t: Translate, which: "item" | "followed" | "offer" | "already" = "item"): string {
  const ids = {
    item: ["following.new.every", "following.new.everyIn"],
    followed: ["following.flash.followNew", "following.flash.followNewIn"],
    offer: ["following.manage.offerNew", "following.manage.offerNewIn"],
    already: ["following.new.already", "following.new.alreadyIn"],
  } as const satisfies Record<string, readonly [MessageId, MessageId]>;
  const [every, some] = ids[which];
  return categories.length ? t(some, { categories: categoryList(categories, t) }) : t(every);
}

/**
 * What someone follows and how they are told: shared by /settings/notifications (signed-in)
 * and /follow/manage/:token (reached from a mail). Every form posts to the page it is on.
 */
export function NotificationSettings({ settings }: { settings: NotificationSettingsData }) {
  // A refused settings form comes back as it was submitted.
  const t = useT();
  const rich = useRich();
  const saved = useFollowingReply("save-settings");
  const other = useFollowingReply(["remove-subscription", "unsubscribe-all", "follow-consultation", "follow-new"]);
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
          {t("following.settings.unconfirmed", { email: settings.email })}
        </div>
      ) : null}
      {settings.unsubscribedAll ? (
        <div className="notice notice-info" role="note">
          {t("following.settings.unsubscribed")}
        </div>
      ) : null}

      <h2>{t("following.settings.whatHeading")}</h2>
      {settings.subscriptions.length ? (
        <ul className="subscription-list">
          {settings.subscriptions.map((s) => (
            <li key={s.id}>
              {s.scope === "all_new" ? (
                <span>{describeNewConsultations(s.categories, t)}</span>
              ) : s.consultation ? (
                <Link to={`/consultations/${s.consultation.slug}`}>
                  {rich("following.settings.consultation", {
                    number: String(s.consultation.number),
                    title: <EnglishText>{s.consultation.title}</EnglishText>,
                  })}
                </Link>
              ) : (
                <span>{t("following.settings.gone")}</span>
              )}{" "}
              <RowAction intent="remove-subscription" name="subscriptionId" value={s.id}>
                {rich(s.consultation ? "following.settings.stopConsultation" : "following.settings.stopNew", {
                  number: String(s.consultation?.number ?? ""),
                  hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                })}
              </RowAction>
            </li>
          ))}
        </ul>
      ) : (
        <p>{rich("following.settings.nothing", { link: (chunks) => <Link to="/follow">{chunks}</Link> })}</p>
      )}

      <h2>{t("following.settings.howHeading")}</h2>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={saved} fieldIds={{ commentMode: "commentMode-immediate" }} />
        <input type="hidden" name="intent" value="save-settings" />
        <fieldset className="field">
          <legend>{t("following.settings.commentsLegend")}</legend>
          {errors?.commentMode ? (
            <p className="field-error" id="commentMode-error">
              <span className="visually-hidden">{t("following.settings.errorPrefix")}</span>
              {errors.commentMode}
            </p>
          ) : null}
          <div className="checkbox">
            <input type="radio" id="commentMode-immediate" name="commentMode" value="immediate" defaultChecked={commentMode === "immediate"} />
            <label htmlFor="commentMode-immediate">{t("following.settings.immediate")}</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="commentMode-daily" name="commentMode" value="daily" defaultChecked={commentMode === "daily"} />
            <label htmlFor="commentMode-daily">{t("following.settings.daily")}</label>
          </div>
        </fieldset>
        <div className="checkbox">
          <input type="checkbox" id="notifyReplies" name="notifyReplies" defaultChecked={notifyReplies} />
          <label htmlFor="notifyReplies">{t("following.settings.replies")}</label>
        </div>
        {settings.hasAccount ? (
          <div className="checkbox">
            <input type="checkbox" id="autoFollowOnComment" name="autoFollowOnComment" defaultChecked={autoFollow} />
            <label htmlFor="autoFollowOnComment">{t("following.settings.autoFollow")}</label>
          </div>
        ) : (
          <input type="hidden" name="autoFollowOnComment" value={autoFollow ? "on" : ""} />
        )}
        <div className="actions">
          <button type="submit">{t("following.settings.save")}</button>
        </div>
      </Form>

      <h2>{t("following.settings.stopHeading")}</h2>
      <p>{t("following.settings.stopText", { email: settings.email })}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="unsubscribe-all" />
        <button type="submit" className="danger" disabled={settings.unsubscribedAll && settings.subscriptions.length === 0}>
          {t("following.settings.stopButton")}
        </button>
      </Form>
    </div>
  );
}
