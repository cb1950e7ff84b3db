import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { MarkdownEditor } from "~/components/markdown-editor";
import { AttachmentsField, useUploadWithProgress } from "~/features/attachments/attachments-field";
import { MAX_ATTACHMENTS } from "~/features/attachments/rules";
import { useT } from "~/i18n/t";
import type { loader } from "./route";
import { StatementFiles } from "./statement-files";

export function Texts({ returnTo }: { returnTo: string }) {
  const { consultation: c, list, files } = useLoaderData<typeof loader>();
  const upload = useUploadWithProgress(`/consultations/${c.slug}/statement/upload`, { intent: "texts", clear: "files" });
  const pageReply = useFormReply("texts");
  // A refusal the script received is shown like one the page received.
  const mine = upload.reply ?? pageReply;
  const busy = useNavigation().state === "submitting" || upload.progress !== null;
  const v = mine?.values ?? c.texts;
  const room = MAX_ATTACHMENTS - files.length;
  const t = useT();
  return (
    <>
      <StatementFiles returnTo={returnTo} />
      <Form method="post" encType="multipart/form-data" className="form wide" noValidate onSubmit={upload.onSubmit}>
        <ErrorSummary reply={mine} fieldIds={Object.fromEntries(list.themes.map((t) => [`theme:${t.id}`, `theme-${t.id}`]))} />
        <input type="hidden" name="intent" value="texts" />
        <input type="hidden" name="returnTo" value={returnTo} />
        <MarkdownEditor
          label={t("statement.section.introduction")}
          name="introMd"
          kind="plan"
          rows={6}
          defaultValue={v.introMd ?? ""}
          error={mine?.errors.introMd}
        />
        <h2>{t("statement.texts.themesHeading")}</h2>
        {list.themes.length ? (
          list.themes.map((theme) => (
            <MarkdownEditor
              key={theme.id}
              label={t("statement.texts.theme", { name: theme.name, count: theme.count })}
              name={`theme:${theme.id}`}
              id={`theme-${theme.id}`}
              kind="plan"
              rows={4}
              defaultValue={mine?.values[`theme:${theme.id}`] ?? theme.summaryMd}
              error={mine?.errors[`theme:${theme.id}`]}
            />
          ))
        ) : (
          <p className="muted">{t("statement.texts.noThemes")}</p>
        )}
        <MarkdownEditor
          label={t("statement.section.analysis")}
          name="analysisMd"
          kind="plan"
          rows={8}
          defaultValue={v.analysisMd ?? ""}
          error={mine?.errors.analysisMd}
        />
        <MarkdownEditor
          label={t("statement.texts.nextSteps")}
          name="nextStepsMd"
          kind="plan"
          rows={6}
          defaultValue={v.nextStepsMd ?? ""}
          error={mine?.errors.nextStepsMd}
        />
        {room > 0 ? (
          <AttachmentsField
            label={t("statement.texts.addFiles")}
            about={t("statement.texts.filesAbout")}
            room={room}
            error={mine?.errors.attachments}
            refused={!!mine && !upload.reply}
            progress={upload.progress}
          />
        ) : (
          <p className="hint">{t("statement.texts.full", { count: MAX_ATTACHMENTS })}</p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("statement.texts.saving") : t("statement.texts.save")}
          </button>
          <Link to={`/consultations/${c.slug}/statement/preview`}>{t("statement.builder.preview")}</Link>
        </div>
      </Form>
    </>
  );
}
