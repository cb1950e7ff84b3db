import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttachmentFacts } from "~/features/attachments/attachment-view";
import { getStatementFileDetails } from "~/features/statement/statement-files.server";
import { revisionsSentence, statementFilePath } from "~/features/statement/statement-files";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const details = await getStatementFileDetails({ slug: params.slug!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!details) notFound(translate(locale, "statement.file.notFound"));
  return {
    ...details,
    title: translate(locale, "statement.file.title", { fileName: details.attachment.fileName, title: details.consultation.title }),
  };
}

/** A published statement's files are frozen with it: nothing can be posted to one. */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  throw data({ message: translate(locale, "statement.file.frozen", { path: `/consultations/${params.slug}/statement/edit?view=texts` }) }, { status: 405 });
}

export default function StatementFilePage() {
  const { consultation: c, attachment: a, revisions, onDraft } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const statement = `/consultations/${c.slug}/statement`;
  return (
    <div className="page attachment-page">
      <p className="eyebrow">{t("statement.file.eyebrow", { position: a.position, number: c.number })}</p>
      <h1 className="attachment-name" {...english}>
        {a.fileName}
      </h1>
      <p>
        {rich("statement.file.about", {
          title: c.title,
          statement: (chunks) => <Link to={statement}>{chunks}</Link>,
          consultation: (chunks) => (
            <Link to={`/consultations/${c.slug}`} {...english}>
              {chunks}
            </Link>
          ),
        })}{" "}
        {revisionsSentence(revisions, t)}
        {revisions.length && !onDraft ? ` ${t("statement.file.notOnDraft")}` : ""}
      </p>
      <AttachmentFacts attachment={a} path={statementFilePath(c.slug, a.position)} served />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : [{ title: "File not found" }]);
