import { useFormReply } from "~/components/error-summary";
import type { FormReply } from "~/validation/form";
import { useT, type MessageId } from "~/i18n/t";

// The form kernel answers a refused form with the schemas' messages, which are written in
// English (they are shared with the API and other forms). The following pages show them in the
// page's language: each message these forms can give has a catalogue id; any other is shown as given.
const FIELD_ERRORS: Record<string, MessageId> = {
  "Enter your email address.": "following.error.emailMissing",
  "That email address is too long.": "following.error.emailTooLong",
  "Enter a valid email address, like name@example.org.": "following.error.emailInvalid",
  "Choose from the listed categories.": "following.error.categories",
  "Choose immediate mails or a daily digest.": "following.error.commentMode",
};

/** useFormReply, with its field errors in the page's language. */
export function useFollowingReply(intent: string | readonly string[]): FormReply | undefined {
  const reply = useFormReply(intent);
  const t = useT();
  if (!reply) return reply;
  const errors = Object.fromEntries(
    Object.entries(reply.errors).map(([field, message]) => [field, FIELD_ERRORS[message] ? t(FIELD_ERRORS[message]) : message]),
  );
  return { ...reply, errors };
}
