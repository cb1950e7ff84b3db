import { removeSubscription, unsubscribeAll, updateFollowerSettings } from "~/features/following/following.server";
import { translate } from "~/i18n/catalogue.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form } from "~/services/form-action.server";
import type { Locale } from "~/services/language";
import { removeSubscriptionSchema, saveSettingsSchema, unsubscribeAllSchema } from "~/features/following/validation";

/**
 * The forms of a follower's settings (how they are told, stop following one thing, stop
 * everything), shared by /settings/notifications and the mailed /follow/manage/:token page;
 * each redirects back to `here`, its message in the page's language.
 */
export function followerSettingsForms(followerId: () => Promise<string>, here: string, locale: Locale) {
  return {
    "save-settings": form(saveSettingsSchema, async (input) => {
      const r = await updateFollowerSettings({ followerId: await followerId(), ...input, locale });
      return r.ok ? redirectWithFlash(here, translate(locale, "following.flash.saved")) : r;
    }),
    "remove-subscription": form(removeSubscriptionSchema, async (input) => {
      const r = await removeSubscription({ followerId: await followerId(), subscriptionId: input.subscriptionId, locale });
      return r.ok ? redirectWithFlash(here, translate(locale, "following.flash.removed")) : r;
    }),
    "unsubscribe-all": form(unsubscribeAllSchema, async () => {
      const r = await unsubscribeAll({ followerId: await followerId(), locale });
      return r.ok ? redirectWithFlash(here, translate(locale, "following.flash.unsubscribedAll")) : r;
    }),
  };
}
