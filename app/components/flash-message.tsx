import { useT, type MessageId } from "~/i18n/t";

/** A flash written in the catalogue carries its message id: it is shown in the reader's language. */
export function FlashMessage({ flash }: { flash: { kind: string; message: string; messageId?: string; values?: Record<string, string | number> } }) {
  const t = useT();
  const text = flash.messageId ? t(flash.messageId as MessageId, flash.values) : flash.message;
  return (
    <div className={`flash flash-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
      {text}
    </div>
  );
}
