import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PastTerms, Term, seatHolderName } from "~/features/dug/seat";
import { DataTable } from "~/components/data-table";
import { shortKindLabel } from "~/features/accounts/organisation-kinds";
import { getRoster } from "~/features/dug/roster.server";
import { MAX_LIAISONS, MAX_VOTING_MEMBERS } from "~/features/dug/seats";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";

export async function loader({ request }: LoaderFunctionArgs) {
  const [roster, locale] = await Promise.all([getRoster(), requestLocale(request)]);
  return { ...roster, title: translate(locale, "dug.roster.pageTitle") };
}

export default function DugRoster() {
  const { voting, liaisons, past } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const name = (s: Parameters<typeof seatHolderName>[0]) => <bdi>{seatHolderName(s)}</bdi>;
  return (
    <div className="page">
      <h1>{t("dug.roster.heading")}</h1>
      <p className="lead">{t("dug.roster.lead")}</p>
      <h2>{t("dug.roster.voting")}</h2>
      <p className="muted">{t("dug.roster.votingCount", { count: voting.length, max: MAX_VOTING_MEMBERS })}</p>
      <DataTable
        label={t("dug.roster.voting")}
        columns={[t("dug.roster.columnMember"), t("dug.roster.columnRegistry"), t("dug.roster.columnKind"), t("dug.roster.columnTerm")]}
      >
        {voting.map((s) => (
          <tr key={s.id}>
            <td>
              {name(s)} {s.isChair ? <span className="badge badge-info">{t("dug.seat.chair")}</span> : null}
            </td>
            <td>
              {s.organisation ? <bdi>{s.organisation.name}</bdi> : "—"}
              {s.organisation ? (
                <span className="muted small">
                  {" "}
                  (
                  {s.organisation.tlds.map((tld, i) => (
                    <span key={tld.name}>
                      {i ? t("dug.list.namesSeparator") : null}
                      <bdi>{`.${tld.name}`}</bdi>
                    </span>
                  ))}
                  )
                </span>
              ) : null}
            </td>
            <td>{s.organisation ? shortKindLabel(s.organisation.kind) : "—"}</td>
            <td>
              <Term seat={s} />
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{t("dug.roster.liaisons")}</h2>
      <p className="muted">{t("dug.roster.liaisonsCount", { count: liaisons.length, max: MAX_LIAISONS })}</p>
      <ul>
        {liaisons.map((s) => (
          <li key={s.id}>
            {rich("dug.roster.liaison", {
              name: name(s),
              from: s.liaisonFrom ? <bdi>{s.liaisonFrom}</bdi> : t("dug.roster.technicalCommunity"),
              term: <Term seat={s} />,
            })}
          </li>
        ))}
      </ul>
      <PastTerms title={t("dug.roster.past")} past={past} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "The Direct User Group · IANA Naming Functions Consultations" }];
