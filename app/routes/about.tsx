import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export default function About() {
  return (
    <div className="page prose">
      <h1>How consultations work</h1>
      <p className="lead">
        When a significant technical change to the IANA naming functions is not the outcome of a policy process, the IANA Functions Manager (IFM) consults the
        community before making it.
      </p>
      <ol>
        <li>
          <strong>The IFM publishes an implementation plan</strong> — what changes, why, who is affected, and a proposed timeline. Changes that come from ICANN
          policy processes follow the bylaws instead and are not consulted on here.
        </li>
        <li>
          <strong>A public comment period opens</strong> with firm dates in UTC. Anyone with a verified email address may comment; representatives verified for
          a TLD registry operator may comment on its behalf. Comments are threaded, answered by the IFM, and every one has a permanent reference number and
          link. The plan may be revised during the period; every version stays readable and can be compared.
        </li>
        <li>
          <strong>The Direct User Group (DUG) agrees the plan</strong> on behalf of the TLD registry operators. Each voting member’s position is on the record.
        </li>
        <li>
          <strong>The IFM issues a final response statement</strong> built from the comments received: what was said, what was done with each comment and why,
          what changed in the plan, the DUG’s agreement, and the next steps.
        </li>
      </ol>
      <p>
        <Link to="/consultations">Browse the consultations</Link> or <Link to="/dug">meet the Direct User Group</Link>.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "How consultations work · IANA Naming Functions Consultations" }];
