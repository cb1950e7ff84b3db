import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";

export async function loader({ request }: LoaderFunctionArgs) {
  return { title: translate(await requestLocale(request), "consultations.about.pageTitle") };
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

export default function About() {
  useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  return (
    <div className="page prose">
      <h1>{t("consultations.about.title")}</h1>
      <p className="lead">{t("consultations.about.lead")}</p>
      <ol>
        <li>{rich("consultations.about.plan", { strong })}</li>
        <li>{rich("consultations.about.period", { strong })}</li>
        <li>{rich("consultations.about.dug", { strong })}</li>
        <li>{rich("consultations.about.statement", { strong })}</li>
      </ol>
      <p>
        {rich("consultations.about.next", {
          browse: (chunks) => <Link to="/consultations">{chunks}</Link>,
          dug: (chunks) => <Link to="/dug">{chunks}</Link>,
        })}
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "How consultations work · IANA Naming Functions Consultations" }];
