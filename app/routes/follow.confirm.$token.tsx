import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LinkProblem } from "~/components/link-problem";
import { describeNewConsultations } from "~/features/following/notification-settings";
import { confirmEmailFollow, inspectConfirmToken } from "~/features/following/following.server";
import { Isolated } from "~/features/following/english-text";
import { translate } from "~/i18n/catalogue.server";
import { translatorFor } from "~/features/following/translator.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { redirectWithFlash } from "~/services/flash.server";
import { readForm } from "~/services/form-action.server";
import { manageToken } from "~/features/following/tokens.server";

// The link in a confirmation mail opens this page; only its button confirms (a GET never changes
// anything, and mail scanners that open links cannot confirm on someone's behalf).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const t = translatorFor(locale);
  const title = t("following.confirm.pageTitle");
  const token = params.token ?? "";
  const found = await inspectConfirmToken({ token, locale });
  if (!found.ok)
    return data({ problem: found.message, email: null, alreadyConfirmed: false, manageHref: null, follows: [] as string[], title }, { status: 400 });
  return {
    problem: null,
    email: found.settings.email,
    alreadyConfirmed: found.alreadyConfirmed,
    manageHref: found.alreadyConfirmed ? `/follow/manage/${manageToken(found.followerId)}` : null,
    follows: found.settings.subscriptions.map((s) =>
      s.scope === "all_new"
        ? describeNewConsultations(s.categories, t)
        : s.consultation
          ? t("following.settings.consultation", { number: String(s.consultation.number), title: s.consultation.title })
          : t("following.confirm.aConsultation"),
    ),
    title,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request); // the token is in the address; a body that is not a form is refused like everywhere
  const locale = await requestLocale(request);
  const result = await confirmEmailFollow({ token: params.token ?? "", locale });
  if (!result.ok) return data({ problem: result.message }, { status: 400 });
  return redirectWithFlash(
    `/follow/manage/${manageToken(result.followerId)}`,
    translate(locale, result.alreadyConfirmed ? "following.flash.alreadyConfirmed" : "following.flash.confirmed"),
  );
}

export default function ConfirmFollow() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const problem = useActionData<typeof action>()?.problem ?? page.problem;
  if (problem) {
    return (
      <LinkProblem problem={problem} heading={t("following.confirm.problemHeading")}>
        <Link className="button" to="/consultations">
          {t("following.confirm.browse")}
        </Link>{" "}
        <Link className="button secondary" to="/follow">
          {t("following.new.heading")}
        </Link>
      </LinkProblem>
    );
  }
  const email = (
    <strong>
      <Isolated>{page.email}</Isolated>
    </strong>
  );
  if (page.alreadyConfirmed) {
    return (
      <div className="page narrow">
        <h1>{t("following.confirm.alreadyHeading")}</h1>
        <p className="lead">{rich("following.confirm.alreadyLead", { email })}</p>
        {page.manageHref ? (
          <p>
            <Link className="button" to={page.manageHref}>
              {t("following.confirm.settingsButton")}
            </Link>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("following.confirm.heading")}</h1>
      <p className="lead">{rich("following.confirm.lead", { email })}</p>
      {page.follows.length ? (
        <ul>
          {page.follows.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      ) : (
        <p>{t("following.confirm.nothing")}</p>
      )}
      <Form method="post" className="form">
        <div className="actions">
          <button type="submit">{t("following.confirm.button")}</button>
        </div>
      </Form>
      <p className="muted small">{t("following.confirm.ignore")}</p>
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Confirm notifications · IANA Naming Functions Consultations" },
  { name: "robots", content: "noindex" },
];
