import { data } from "@remix-run/node";
import { attachmentLimits, receiveAttachments, uploadLimits, withStoredAttachments } from "~/features/attachments/attachment.server";
import { requireUser } from "~/services/auth.server";
import { can } from "~/models/permissions";
import { pageRefusal } from "~/models/page-refusals.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { forbidden, notFound, safeRedirect } from "~/services/http.server";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { requestLocale } from "~/i18n/request-locale.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import {
  builderRefusal,
  getStatementConsultation,
  publishStatement,
  saveDispositions,
  saveStatementTexts,
  type StatementConsultation,
} from "./statement.server";
import { removeDraftFile } from "./statement-files.server";
import { builderSchemas, themeNames, type DispositionInput } from "./validation";

/** The consultation, or the error page saying why there is no statement to write (4xx), in the page's language. */
export async function builderConsultation(slug: string, locale: Locale = DEFAULT_LOCALE): Promise<StatementConsultation> {
  const c = await getStatementConsultation({ slug });
  if (!c) notFound(translate(locale, "consultation.notFound"));
  const refused = builderRefusal(c, locale);
  if (refused) throw data({ message: refused.message }, { status: refused.status });
  return c;
}

/**
 * Every form of the statement builder (dispositions, texts with the statement's files, removing a
 * file, publishing): the builder page's action, and the same answered in JSON to the script that
 * sends the texts with their files (to show the upload's progress). The model commands check who
 * may act, as every form does; an upload from anyone else is refused before its bytes are read.
 */
export async function handleBuilderAction(request: Request, slug: string) {
  const user = await requireUser(request);
  const locale = await requestLocale(request);
  if (/^\s*multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "") && !can(user, "statement.write")) {
    forbidden(pageRefusal("statement.write", locale));
  }
  const c = await builderConsultation(slug, locale);
  const schemas = builderSchemas(locale);
  // The flash keeps its English text and its id: it is shown in the language of the page it lands on.
  const flash = (to: string, messageId: MessageId, values?: Record<string, string | number>) =>
    redirectWithFlash(to, { kind: "success", message: translate(DEFAULT_LOCALE, messageId, values), messageId, ...(values ? { values } : {}) });
  const back = (returnTo: string | undefined) => safeRedirect(returnTo, `/consultations/${c.slug}/statement/edit`);
  const limits = await attachmentLimits();
  const dispose = (mode: "replace" | "add") => async (input: DispositionInput & { commentId: string | string[]; returnTo?: string }) => {
    const result = await saveDispositions({
      actor: user,
      consultationId: c.id,
      commentIds: ([] as string[]).concat(input.commentId),
      disposition: input.disposition,
      responseMd: input.responseMd,
      planVersionNumber: input.planVersion ?? null,
      sectionId: input.sectionId ?? null,
      themes: themeNames(input),
      themesMode: mode,
      locale,
    });
    if (!result.ok) return result;
    const disposition = input.disposition;
    return result.refs.length === 1
      ? flash(back(input.returnTo), "statement.flash.savedOne", { ref: result.refs[0]!, disposition })
      : flash(back(input.returnTo), "statement.flash.savedMany", { count: result.refs.length, refs: result.refs.join(", "), disposition });
  };

  return handleForm(
    request,
    {
      dispose: form(schemas.dispose, dispose("replace")),
      bulk: form(schemas.bulk, dispose("add")),
      texts: form(schemas.texts, async (input, _form, uploads) => {
        const received = await receiveAttachments(uploads, limits, locale, "statement.refusal.files.tooMany");
        if (!received.ok) return received;
        const { introMd, analysisMd, nextStepsMd, themeSummaries } = input;
        const result = await withStoredAttachments(received.files, () =>
          saveStatementTexts({
            actor: user,
            consultationId: c.id,
            introMd,
            analysisMd,
            nextStepsMd,
            themeSummaries,
            attachments: { files: received.files, limits },
            locale,
          }),
        );
        if (!result.ok) return result;
        const files = received.files.length;
        return files ? flash(back(input.returnTo), "statement.flash.textsWithFiles", { count: files }) : flash(back(input.returnTo), "statement.flash.texts");
      }),
      removeFile: form(schemas.removeFile, async (input) => {
        const result = await removeDraftFile({ actor: user, consultationId: c.id, position: input.position, locale });
        if (!result.ok) return result;
        return flash(back(input.returnTo), result.kept ? "statement.flash.fileDetached" : "statement.flash.fileRemoved", { fileName: result.fileName });
      }),
      publish: form(schemas.publish, async (input) => {
        const result = await publishStatement({
          actor: user,
          consultationId: c.id,
          basedOnRevision: input.basedOnRevision,
          erratum: input.erratum ?? null,
          locale,
        });
        if (!result.ok) return result;
        const statement = `/consultations/${c.slug}/statement`;
        return result.revision === 1
          ? flash(statement, "statement.flash.published")
          : flash(statement, "statement.flash.corrected", { revision: result.revision });
      }),
    },
    { uploads: uploadLimits(limits) },
  );
}
