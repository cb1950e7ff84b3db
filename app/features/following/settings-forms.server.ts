import { removeSubscription, unsubscribeAll, updateFollowerSettings } from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form } from "~/services/form-action.server";
import { removeSubscriptionSchema, saveSettingsSchema, unsubscribeAllSchema } from "~/features/following/validation";

/**
 * The forms of a follower's settings (how they are told, stop following one thing, stop
 * everything), shared by /settings/notifications and the mailed /follow/manage/:token page;
 * each redirects back to `here`.
 */
export function followerSettingsForms(followerId: () => Promise<string>, here: string) {
  return {
    "save-settings": form(saveSettingsSchema, async (input) => {
      const r = await updateFollowerSettings({ followerId: await followerId(), ...input });
      return r.ok ? redirectWithFlash(here, "Your notification settings are saved.") : r;
    }),
    "remove-subscription": form(removeSubscriptionSchema, async (input) => {
      const r = await removeSubscription({ followerId: await followerId(), subscriptionId: input.subscriptionId });
      return r.ok ? redirectWithFlash(here, "You no longer follow that.") : r;
    }),
    "unsubscribe-all": form(unsubscribeAllSchema, async () => {
      const r = await unsubscribeAll({ followerId: await followerId() });
      return r.ok ? redirectWithFlash(here, "You are unsubscribed from everything. We will send you no more notifications.") : r;
    }),
  };
}
