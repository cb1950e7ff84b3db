import { z } from "zod";
import { CATEGORIES } from "~/models/consultation-fields";
import { emailField } from "./auth";

/** Ticked category checkboxes: absent, one value or several. */
export const categoriesField = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(CATEGORIES, { error: "Choose from the listed categories." })).max(CATEGORIES.length),
);

/** An HTML checkbox: "on" when ticked, absent otherwise. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean());

/** The answer to every follow-by-email request, whatever the address's state (it must reveal nothing). */
export const CHECK_INBOX_MESSAGE =
  "Check your inbox: unless we already mailed this address in the last hour, a link to confirm is on its way. Nothing is sent until you confirm.";

const INTENT_ERROR = { error: "That action is not available here." };

/** The follow box of a consultation page (POST /consultations/:slug/follow). */
export const followActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("follow") }),
    z.object({ intent: z.literal("unfollow") }),
    z.object({ intent: z.literal("follow-by-email"), email: emailField }),
  ],
  INTENT_ERROR,
);

/** /follow: every new consultation, optionally only some categories. */
export const followNewSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("follow-new"), categories: categoriesField }),
    z.object({ intent: z.literal("follow-new-by-email"), email: emailField, categories: categoriesField }),
  ],
  INTENT_ERROR,
);

const settingsIntents = [
  z.object({
    intent: z.literal("save-settings"),
    commentMode: z.enum(["immediate", "daily"], { error: "Choose immediate mails or a daily digest." }),
    notifyReplies: checkbox,
    autoFollowOnComment: checkbox,
  }),
  z.object({ intent: z.literal("remove-subscription"), subscriptionId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("unsubscribe-all") }),
] as const;

/** /settings/notifications (signed-in users). */
export const notificationSettingsSchema = z.discriminatedUnion("intent", [...settingsIntents], INTENT_ERROR);

/** /follow/manage/:token: the same, plus adding what a mail's link offered. */
export const manageSettingsSchema = z.discriminatedUnion(
  "intent",
  [
    ...settingsIntents,
    z.object({ intent: z.literal("follow-consultation"), slug: z.string().min(1).max(200) }),
    z.object({ intent: z.literal("follow-new"), categories: categoriesField }),
  ],
  INTENT_ERROR,
);
