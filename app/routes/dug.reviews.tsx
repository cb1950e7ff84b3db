import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UtcAndLocalTime } from "~/components/time";
import { getDugDashboard } from "~/features/dug/dug-page.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishText, useRich, useT } from "~/i18n/t";
import { requireUser } from "~/services/auth.server";
import { usePositionLabel } from "~/features/dug/labels";

// A DUG seat holder's dashboard: the open reviews, those waiting for their position (or, for a
// liaison, their advice) first. Anyone signed in may open it; it says so when they hold no seat.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return { ...(await getDugDashboard({ userId: user.id, locale })), title: translate(locale, "dug.reviews.pageTitle") };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["waiting"][number];

function ReviewList({ items, empty }: { items: Item[]; empty: string }) {
  const t = useT();
  const rich = useRich();
  const english = useEnglishText();
  const positionLabel = usePositionLabel();
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="dug-dashboard">
      {items.map((r) => (
        <li key={r.id} className="dug-dashboard-item">
          <p className="no-margin">
            <Link to={`/consultations/${r.consultation.slug}/dug#review-${r.id}`}>
              <strong>{rich("dug.reviews.consultation", { number: r.consultation.number, title: english(r.consultation.title) })}</strong>
            </Link>
          </p>
          <p className="no-margin muted">
            {rich("dug.reviews.round", { round: r.round, version: r.planVersion, deadline: <UtcAndLocalTime value={r.deadline} /> })}
            {r.deadlinePassed ? t("dug.reviews.passed") : null}
          </p>
          <p className="no-margin">
            {r.myPosition ? t("dug.reviews.yourPosition", { position: positionLabel(r.myPosition) }) : null}
            {r.rule.agreed ? t("dug.reviews.ruleMet") : t("dug.reviews.stillNeeds", { needs: r.rule.needs.join(t("dug.list.needsSeparator")) })}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function DugReviews() {
  const { seat, waiting, others } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const chair = seat?.isChair ? "yes" : "no";
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/dug">{t("dug.reviews.eyebrow")}</Link>
      </p>
      <h1>{t("dug.reviews.heading")}</h1>
      {seat ? (
        <p className="lead">
          {seat.kind === "voting"
            ? seat.organisation
              ? rich("dug.reviews.votingFor", { organisation: <bdi>{seat.organisation}</bdi>, chair })
              : t("dug.reviews.voting", { chair })
            : seat.liaisonFrom
              ? rich("dug.reviews.liaisonFrom", { from: <bdi>{seat.liaisonFrom}</bdi>, chair })
              : t("dug.reviews.liaison", { chair })}
        </p>
      ) : (
        <div className="notice" role="note">
          {t("dug.reviews.noSeat")}
        </div>
      )}
      <h2>{seat?.kind === "liaison" ? t("dug.reviews.waitingAdvice") : t("dug.reviews.waitingPosition")}</h2>
      <ReviewList items={waiting} empty={t("dug.reviews.nothingWaiting")} />
      <h2>{t("dug.reviews.others")}</h2>
      <ReviewList items={others} empty={t("dug.reviews.noOthers")} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Your DUG reviews · IANA Naming Functions Consultations" }];
