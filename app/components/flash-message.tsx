/** The flash of the last action, already worded in the reader's language (the root loader). */
export function FlashMessage({ flash }: { flash: { kind: string; message: string } }) {
  return (
    <div className={`flash flash-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
      {flash.message}
    </div>
  );
}
