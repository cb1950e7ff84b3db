import { data } from "@remix-run/node";
import { attachmentLimits, receiveAttachments, uploadLimits, withStoredAttachments } from "~/features/attachments/attachment.server";
import { requireUser } from "~/services/auth.server";
import { can, refusalMessage } from "~/models/permissions";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { forbidden, notFound, safeRedirect } from "~/services/http.server";
import { NOUNS, plural } from "~/models/plural";
import { dispositionLabel } from "./content";
import {
  builderRefusal,
  getStatementConsultation,
  publishStatement,
  saveDispositions,
  saveStatementTexts,
  type StatementConsultation,
} from "./statement.server";
import { removeDraftFile } from "./statement-files.server";
import { bulkSchema, disposeSchema, publishSchema, removeFileSchema, textsSchema, themeNames, type DispositionInput } from "./validation";

/** The consultation, or the error page saying why there is no statement to write (4xx). */
export async function builderConsultation(slug: string): Promise<StatementConsultation> {
  const c = await getStatementConsultation({ slug });
  if (!c) notFound("There is no consultation at this address.");
  const refused = builderRefusal(c);
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
  if (/^\s*multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "") && !can(user, "statement.write")) {
    forbidden(refusalMessage("statement.write"));
  }
  const c = await builderConsultation(slug);
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
    });
    if (!result.ok) return result;
    const what = result.refs.length === 1 ? `Comment ${result.refs[0]}` : `${plural(result.refs.length, NOUNS.comment)} (${result.refs.join(", ")})`;
    return redirectWithFlash(back(input.returnTo), `${what}: ${dispositionLabel(input.disposition, true)}. Saved.`);
  };

  return handleForm(
    request,
    {
      dispose: form(disposeSchema, dispose("replace")),
      bulk: form(bulkSchema, dispose("add")),
      texts: form(textsSchema, async (input, _form, uploads) => {
        const received = await receiveAttachments(uploads, limits, "The statement");
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
          }),
        );
        if (!result.ok) return result;
        const files = received.files.length ? `, with ${plural(received.files.length, NOUNS.file)} added` : "";
        return redirectWithFlash(back(input.returnTo), `The statement's texts are saved${files}.`);
      }),
      removeFile: form(removeFileSchema, async (input) => {
        const result = await removeDraftFile({ actor: user, consultationId: c.id, position: input.position });
        if (!result.ok) return result;
        return redirectWithFlash(
          back(input.returnTo),
          result.kept
            ? `“${result.fileName}” is taken off the draft; the revisions published with it keep it.`
            : `“${result.fileName}” is removed from the statement.`,
        );
      }),
      publish: form(publishSchema, async (input) => {
        const result = await publishStatement({ actor: user, consultationId: c.id, basedOnRevision: input.basedOnRevision, erratum: input.erratum ?? null });
        if (!result.ok) return result;
        return redirectWithFlash(
          `/consultations/${c.slug}/statement`,
          result.revision === 1
            ? "The final response statement is published. The consultation is concluded."
            : `Revision ${result.revision} of the statement is published.`,
        );
      }),
    },
    { uploads: uploadLimits(limits) },
  );
}
