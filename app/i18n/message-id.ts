// The id of every message, from the English catalogues (the authoritative text): a mistyped id
// does not compile. Type-only imports: no catalogue reaches the browser bundle.
type Ids<T> = Exclude<keyof T, "@metadata">;

export type MessageId =
  | Ids<typeof import("~/components/messages/en.json")>
  | Ids<typeof import("~/features/consultations/messages/en.json")>
  | Ids<typeof import("~/features/comments/messages/en.json")>
  | Ids<typeof import("~/features/translations/messages/en.json")>
  | Ids<typeof import("~/features/following/messages/en.json")>
  | Ids<typeof import("~/features/accounts/messages/en.json")>
  | Ids<typeof import("~/features/dug/messages/en.json")>
  | Ids<typeof import("~/features/email/messages/en.json")>
  | Ids<typeof import("~/features/statement/messages/en.json")>
  | Ids<typeof import("~/features/admin/messages/en.json")>;
