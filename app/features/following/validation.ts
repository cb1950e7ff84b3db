import { z } from "zod";
import { CATEGORIES } from "~/features/consultations/fields";
import { emailField } from "~/features/accounts/sign-in-validation";

/** Ticked category checkboxes: absent, one value or several. */
export const categoriesField = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(CATEGORIES, { error: "Choose from the listed categories." })).max(CATEGORIES.length),
);

/** An HTML checkbox: "on" when ticked, absent otherwise. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean());

/** The follow box of a consultation page (POST /consultations/:slug/follow). */
export const followSchema = z.object({});
export const unfollowSchema = z.object({});
export const followByEmailSchema = z.object({ email: emailField });

/** /follow: every new consultation, optionally only some categories. */
export const followNewSchema = z.object({ categories: categoriesField });
export const followNewByEmailSchema = z.object({ email: emailField, categories: categoriesField });

/** /settings/notifications and /follow/manage/:token. */
export const saveSettingsSchema = z.object({
  commentMode: z.enum(["immediate", "daily"], { error: "Choose immediate mails or a daily digest." }),
  notifyReplies: checkbox,
  autoFollowOnComment: checkbox,
});
export const removeSubscriptionSchema = z.object({ subscriptionId: z.string().min(1).max(64) });
export const unsubscribeAllSchema = z.object({});

/** /follow/manage/:token only: adding what a mail's link offered. */
export const followConsultationSchema = z.object({ slug: z.string().min(1).max(200) });
