import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PastTerms, Term, seatHolderName } from "~/features/dug/seat";
import { DataTable } from "~/components/data-table";
import { shortKindLabel } from "~/features/accounts/organisation-kinds";
import { getRoster } from "~/features/dug/roster.server";
import { MAX_LIAISONS, MAX_VOTING_MEMBERS } from "~/features/dug/seats";
import { plural } from "~/models/plural";

export async function loader() {
  return getRoster();
}

export default function DugRoster() {
  const { voting, liaisons, past } = useLoaderData<typeof loader>();
  const name = seatHolderName;
  return (
    <div className="page">
      <h1>The Direct User Group</h1>
      <p className="lead">
        The DUG represents the direct customers of the IANA naming functions — ccTLD and gTLD registry operators. For significant technical changes that are not
        the result of a policy process, it agrees the implementation plan with the IFM on their behalf.
      </p>
      <h2>Voting members</h2>
      <p className="muted">
        {voting.length} of at most {plural(MAX_VOTING_MEMBERS, { one: "# seat", other: "# seats" })} filled.
      </p>
      <DataTable label="Voting members" columns={["Member", "Registry", "Kind", "Term"]}>
        {voting.map((s) => (
          <tr key={s.id}>
            <td>
              {name(s)} {s.isChair ? <span className="badge badge-info">Chair</span> : null}
            </td>
            <td>
              {s.organisation?.name ?? "—"}
              {s.organisation ? <span className="muted small"> ({s.organisation.tlds.map((t) => "." + t.name).join(", ")})</span> : null}
            </td>
            <td>{s.organisation ? shortKindLabel(s.organisation.kind) : "—"}</td>
            <td>
              <Term seat={s} />
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Non-voting liaisons</h2>
      <p className="muted">
        {liaisons.length} of at most {MAX_LIAISONS}.
      </p>
      <ul>
        {liaisons.map((s) => (
          <li key={s.id}>
            {name(s)} — liaison from {s.liaisonFrom ?? "the technical community"} (<Term seat={s} />)
          </li>
        ))}
      </ul>
      <PastTerms title="Past members" past={past} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "The Direct User Group · IANA Naming Functions Consultations" }];
