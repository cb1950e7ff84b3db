import { useActionData } from "@remix-run/react";
import { useEffect, useRef, type MouseEvent } from "react";
import type { FormReply } from "~/validation/form";
import { useT } from "~/i18n/t";

/**
 * The action's answer if it is about this form: the form is named by its `intent` (or one of
 * several, e.g. "save" and "preview"), and `match` tells apart several copies of one form on a
 * page (the reply form of each comment).
 */
export function useFormReply(intent: string | readonly string[], match?: (values: Record<string, string>) => boolean): FormReply | undefined {
  const reply = useActionData() as FormReply | undefined;
  if (!reply || typeof reply !== "object" || typeof reply.intent !== "string" || !reply.errors) return undefined;
  const intents: readonly string[] = typeof intent === "string" ? [intent] : intent;
  if (!intents.includes(reply.intent)) return undefined;
  return !match || match(reply.values) ? reply : undefined;
}

/**
 * Error keys that are no visible field: the whole form, and the hidden fields that name what a
 * form acts on (an error there means the page is out of date, not that the person mistyped).
 */
const WHOLE_FORM = new Set([
  "form",
  "intent",
  "idempotencyKey",
  "commentId",
  "reviewId",
  "seatId",
  "sessionId",
  "subscriptionId",
  "membershipId",
  "login",
  "token",
  "id",
  "basedOnRevision",
]);

/**
 * The list of what is wrong with a refused form, at its top (the GOV.UK pattern): announced,
 * focused when it appears so keyboard and screen-reader users land on it, and each entry a link
 * that moves focus to its field. Field ids are `idPrefix + name` unless `fieldIds` says otherwise;
 * entries about the whole form (or its hidden fields) are plain text.
 */
export function ErrorSummary({ reply, idPrefix = "", fieldIds = {} }: { reply: FormReply | undefined; idPrefix?: string; fieldIds?: Record<string, string> }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(reply?.errors ?? {});
  useEffect(() => {
    if (entries.length) ref.current?.focus();
    // A new reply is a new refusal: focus again even if the messages are the same.
  }, [reply]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!entries.length) return null;
  const goTo = (id: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    const field = document.getElementById(id);
    if (!field) return;
    event.preventDefault();
    field.focus();
    (document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? field).scrollIntoView({ block: "center" });
  };
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={`${idPrefix}error-summary-title`}>
      <div role="alert">
        <h2 className="error-summary-title" id={`${idPrefix}error-summary-title`}>
          {t("shell.form.problem")}
        </h2>
        <ul>
          {entries.map(([name, message]) => {
            if (WHOLE_FORM.has(name)) return <li key={name}>{message}</li>;
            const id = fieldIds[name] ?? `${idPrefix}${name}`;
            return (
              <li key={name}>
                <a href={`#${id}`} onClick={goTo(id)}>
                  {message}
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
