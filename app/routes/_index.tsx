import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConsultationCard } from "~/features/consultations/card";
import { homeConsultations } from "~/features/consultations/consultation.server";
import { useRich, useT } from "~/i18n/t";
import { minuteOf } from "~/models/time";

export async function loader() {
  const now = new Date();
  return { ...(await homeConsultations(now)), now: minuteOf(now) };
}

export default function Home() {
  const { open, upcoming, concluded, now } = useLoaderData<typeof loader>();
  const at = new Date(now);
  const t = useT();
  const rich = useRich();
  return (
    <div className="page">
      <h1>{t("consultations.home.title")}</h1>
      <p className="lead">{rich("consultations.home.lead", { link: (chunks) => <Link to="/about">{chunks}</Link> })}</p>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("consultations.home.open")}</h2>
        {open.length ? (
          <ul className="card-list">
            {open.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        ) : (
          <p>{t("consultations.home.noneOpen")}</p>
        )}
      </section>

      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{t("consultations.home.upcoming")}</h2>
          <ul className="card-list">
            {upcoming.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="concluded-heading">
        <h2 id="concluded-heading">{t("consultations.home.concluded")}</h2>
        {concluded.length ? (
          <ul className="card-list">
            {concluded.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        ) : (
          <p>{t("consultations.home.noneConcluded")}</p>
        )}
      </section>
      <p>
        <Link to="/consultations">{t("consultations.home.all")}</Link>
      </p>
    </div>
  );
}

// The site's name, in the page's language (the root loader's).
export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { site?: { title: string } } | undefined;
  return [{ title: root?.site?.title ?? "IANA Naming Functions Consultations" }];
};
