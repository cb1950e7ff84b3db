import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/field";
import { PastTerms, Term, seatHolderName } from "~/features/dug/seat";
import { DataTable } from "~/components/data-table";
import { shortKindLabel } from "~/features/accounts/organisation-kinds";
import { endTerm, getRosterForAdmin, seatMember, setChair } from "~/features/dug/roster.server";
import { MAX_LIAISONS, MAX_VOTING_MEMBERS } from "~/features/dug/seats";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { seatIdSchema, seatSchema } from "~/features/dug/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dug.roster");
  // Today's date for the form's default, decided here: a render reads nothing but its data.
  return { ...(await getRosterForAdmin()), today: new Date().toISOString().slice(0, 10) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  return handleForm(request, {
    seat: form(seatSchema, async (input) => {
      const result = await seatMember({ actor: admin, input });
      return result.ok ? redirectWithFlash("/admin/dug", input.seat === "voting" ? "Voting member seated." : "Liaison seated.") : result;
    }),
    "end-term": form(seatIdSchema, async (input) => {
      const result = await endTerm({ actor: admin, seatId: input.seatId });
      return result.ok ? redirectWithFlash("/admin/dug", "The term is ended; the member stays on the roster's record.") : result;
    }),
    "make-chair": form(seatIdSchema, async (input) => {
      const result = await setChair({ actor: admin, seatId: input.seatId });
      return result.ok ? redirectWithFlash("/admin/dug", "The chair is changed.") : result;
    }),
  });
}

type Seat = ReturnType<typeof useLoaderData<typeof loader>>["voting"][number];
const nameOf = seatHolderName;

// Each button names its member for screen readers, after the words it shows (so "End term" said
// to voice control finds it: WCAG 2.5.3 Label in Name).
function SeatActions({ seat, canChair }: { seat: Seat; canChair: boolean }) {
  return (
    <div className="actions">
      {canChair && !seat.isChair ? (
        <Form method="post">
          <input type="hidden" name="intent" value="make-chair" />
          <input type="hidden" name="seatId" value={seat.id} />
          <button type="submit" className="secondary small-button">
            Make chair<span className="visually-hidden"> ({nameOf(seat)})</span>
          </button>
        </Form>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="end-term" />
        <input type="hidden" name="seatId" value={seat.id} />
        <button type="submit" className="danger small-button">
          End term<span className="visually-hidden"> of {nameOf(seat)}</span>
        </button>
      </Form>
    </div>
  );
}

/** A seat holder's row: who (the chair marked), where from, the term and what staff may do. */
function SeatRow({ seat, from, canChair }: { seat: Seat; from: string | null; canChair: boolean }) {
  return (
    <tr>
      <th scope="row">
        {nameOf(seat)}
        {canChair && seat.isChair ? (
          <>
            {" "}
            <span className="badge badge-info">Chair</span>
          </>
        ) : null}
        <br />
        <span className="muted small">{seat.user.email}</span>
      </th>
      <td>{from}</td>
      <td>
        <Term seat={seat} />
      </td>
      <td>
        <SeatActions seat={seat} canChair={canChair} />
      </td>
    </tr>
  );
}

export default function AdminDug() {
  const { voting, liaisons, past, organisations, today } = useLoaderData<typeof loader>();
  const seatResult = useFormReply("seat");
  const seatChange = useFormReply(["end-term", "make-chair"]);
  const v = seatResult?.values ?? {};
  return (
    <>
      <h1>DUG roster</h1>
      <p>
        A seat decides who may act in DUG reviews: voting members record positions, liaisons post advice, the chair certifies. Seating grants the matching role;
        ending a term revokes it. Ended terms stay on the <Link to="/dug">public roster</Link> with their dates.
      </p>
      <ErrorSummary reply={seatChange} idPrefix="roster-" />

      <h2>Voting members</h2>
      <p className="muted">
        {voting.length} of at most {MAX_VOTING_MEMBERS}.
      </p>
      <DataTable label="Voting members" columns={["Member", "Registry", "Term", "Actions"]}>
        {voting.map((s) => (
          <SeatRow key={s.id} seat={s} from={s.organisation?.name ?? "—"} canChair />
        ))}
      </DataTable>

      <h2>Liaisons</h2>
      <p className="muted">
        {liaisons.length} of at most {MAX_LIAISONS}.
      </p>
      <DataTable label="Liaisons" columns={["Liaison", "From", "Term", "Actions"]}>
        {liaisons.map((s) => (
          <SeatRow key={s.id} seat={s} from={s.liaisonFrom} canChair={false} />
        ))}
      </DataTable>

      <section className="staff-panel" aria-labelledby="seat-heading">
        <h2 id="seat-heading">Seat a member</h2>
        <Form method="post" className="form" noValidate>
          <ErrorSummary reply={seatResult} />
          <input type="hidden" name="intent" value="seat" />
          <TextField
            label="Email address"
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={v.email ?? ""}
            error={seatResult?.errors.email}
            hint="The person must have signed in once."
          />
          <SelectField
            label="Seat"
            name="seat"
            defaultValue={v.seat ?? "voting"}
            error={seatResult?.errors.seat}
            options={[
              { value: "voting", label: "Voting member (from a TLD registry operator)" },
              { value: "liaison", label: "Liaison (non-voting)" },
            ]}
          />
          <SelectField
            label="Registry (voting members)"
            name="organisationId"
            defaultValue={v.organisationId ?? ""}
            error={seatResult?.errors.organisationId}
            options={[{ value: "", label: "—" }, ...organisations.map((o) => ({ value: o.id, label: `${o.name} (${shortKindLabel(o.kind)})` }))]}
          />
          <TextField
            label="Liaison from (liaisons)"
            name="liaisonFrom"
            defaultValue={v.liaisonFrom ?? ""}
            error={seatResult?.errors.liaisonFrom}
            hint="e.g. Internet Engineering Task Force (IETF)"
          />
          <div className="field-row">
            <TextField label="Term starts (UTC)" name="termStart" type="date" defaultValue={v.termStart ?? today} error={seatResult?.errors.termStart} />
            <TextField label="Term ends (UTC, optional)" name="termEnd" type="date" defaultValue={v.termEnd ?? ""} error={seatResult?.errors.termEnd} />
          </div>
          <div className="actions">
            <button type="submit">Seat</button>
          </div>
        </Form>
      </section>

      <PastTerms title="Past terms" past={past} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "DUG roster · Staff" }];
