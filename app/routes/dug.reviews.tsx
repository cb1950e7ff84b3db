import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UtcAndLocalTime } from "~/components/time";
import { getDugDashboard } from "~/features/dug/dug-page.server";
import { POSITION_LABELS, isPosition } from "~/features/dug/rule";
import { requireUser } from "~/services/auth.server";

// A DUG seat holder's dashboard: the open reviews, those waiting for their position (or, for a
// liaison, their advice) first. Anyone signed in may open it; it says so when they hold no seat.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getDugDashboard({ userId: user.id });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["waiting"][number];

function ReviewList({ items, empty }: { items: Item[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="dug-dashboard">
      {items.map((r) => (
        <li key={r.id} className="dug-dashboard-item">
          <p className="no-margin">
            <Link to={`/consultations/${r.consultation.slug}/dug#review-${r.id}`}>
              <strong>
                Consultation {r.consultation.number}: {r.consultation.title}
              </strong>
            </Link>
          </p>
          <p className="no-margin muted">
            Round {r.round}, plan version {r.planVersion} · deadline <UtcAndLocalTime value={r.deadline} />
            {r.deadlinePassed ? " (passed)" : null}
          </p>
          <p className="no-margin">
            {r.myPosition ? <>Your position: {isPosition(r.myPosition) ? POSITION_LABELS[r.myPosition] : r.myPosition}. </> : null}
            {r.rule.agreed ? "The rule is met: waiting for the chair." : `Still needs: ${r.rule.needs.join("; ")}.`}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function DugReviews() {
  const { seat, waiting, others } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/dug">Direct User Group</Link>
      </p>
      <h1>Your DUG reviews</h1>
      {seat ? (
        <p className="lead">
          {seat.kind === "voting"
            ? `You are a voting member${seat.organisation ? ` for ${seat.organisation}` : ""}`
            : `You are a liaison${seat.liaisonFrom ? ` from ${seat.liaisonFrom}` : ""}`}
          {seat.isChair ? " and the chair" : ""}.
        </p>
      ) : (
        <div className="notice" role="note">
          You do not hold a DUG seat, so no review is waiting for you. Open reviews are listed for information.
        </div>
      )}
      <h2>Waiting for {seat?.kind === "liaison" ? "your advice" : "your position"}</h2>
      <ReviewList items={waiting} empty="Nothing is waiting for you." />
      <h2>Other open reviews</h2>
      <ReviewList items={others} empty="No other review is open." />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Your DUG reviews · IANA Naming Functions Consultations" }];
