import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConsultationCard } from "~/features/consultations/card";
import { homeConsultations } from "~/features/consultations/consultation.server";
import { minuteOf } from "~/models/time";

export async function loader() {
  const now = new Date();
  return { ...(await homeConsultations(now)), now: minuteOf(now) };
}

export default function Home() {
  const { open, upcoming, concluded, now } = useLoaderData<typeof loader>();
  const at = new Date(now);
  return (
    <div className="page">
      <h1>Technical changes to the IANA naming functions</h1>
      <p className="lead">
        The IANA Functions Manager publishes its plans for significant technical changes here and asks for comments. Read the plans, comment, follow the
        discussion, and see how every comment was answered. <Link to="/about">How it works</Link>.
      </p>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Open for comment</h2>
        {open.length ? (
          <ul className="card-list">
            {open.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        ) : (
          <p>No consultation is open for comment right now.</p>
        )}
      </section>

      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Opening soon</h2>
          <ul className="card-list">
            {upcoming.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="concluded-heading">
        <h2 id="concluded-heading">Recently concluded</h2>
        {concluded.length ? (
          <ul className="card-list">
            {concluded.map((c) => (
              <ConsultationCard key={c.slug} c={c} now={at} />
            ))}
          </ul>
        ) : (
          <p>None yet.</p>
        )}
      </section>
      <p>
        <Link to="/consultations">All consultations →</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "IANA Naming Functions Consultations" }];
