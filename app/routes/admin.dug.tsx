import type { ReactNode } from "react";
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
import { form, handleForm } from "~/services/form-action.server";
import { dugSchemas } from "~/features/dug/validation";
import { redirectWithDugFlash } from "~/features/dug/flash.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dug.roster");
  const locale = await requestLocale(request);
  // Today's date for the form's default, decided here: a render reads nothing but its data.
  return { ...(await getRosterForAdmin()), today: new Date().toISOString().slice(0, 10), title: translate(locale, "dug.admin.pageTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const [admin, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  const schemas = dugSchemas(locale);
  return handleForm(request, {
    seat: form(schemas.seat, async (input) => {
      const result = await seatMember({ actor: admin, input, locale });
      return result.ok ? redirectWithDugFlash("/admin/dug", input.seat === "voting" ? "dug.flash.votingSeated" : "dug.flash.liaisonSeated") : result;
    }),
    "end-term": form(schemas.seatId, async (input) => {
      const result = await endTerm({ actor: admin, seatId: input.seatId, locale });
      return result.ok ? redirectWithDugFlash("/admin/dug", "dug.flash.termEnded") : result;
    }),
    "make-chair": form(schemas.seatId, async (input) => {
      const result = await setChair({ actor: admin, seatId: input.seatId, locale });
      return result.ok ? redirectWithDugFlash("/admin/dug", "dug.flash.chairChanged") : result;
    }),
  });
}

type Seat = ReturnType<typeof useLoaderData<typeof loader>>["voting"][number];
const nameOf = seatHolderName;

// Each button names its member for screen readers, after the words it shows (so "End term" said
// to voice control finds it: WCAG 2.5.3 Label in Name).
function SeatActions({ seat, canChair }: { seat: Seat; canChair: boolean }) {
  const rich = useRich();
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <div className="actions">
      {canChair && !seat.isChair ? (
        <Form method="post">
          <input type="hidden" name="intent" value="make-chair" />
          <input type="hidden" name="seatId" value={seat.id} />
          <button type="submit" className="secondary small-button">
            {rich("dug.admin.makeChair", { name: nameOf(seat), hidden })}
          </button>
        </Form>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="end-term" />
        <input type="hidden" name="seatId" value={seat.id} />
        <button type="submit" className="danger small-button">
          {rich("dug.admin.endTerm", { name: nameOf(seat), hidden })}
        </button>
      </Form>
    </div>
  );
}

/** A seat holder's row: who (the chair marked), where from, the term and what staff may do. */
function SeatRow({ seat, from, canChair }: { seat: Seat; from: string | null; canChair: boolean }) {
  const t = useT();
  return (
    <tr>
      <th scope="row">
        <bdi>{nameOf(seat)}</bdi>
        {canChair && seat.isChair ? (
          <>
            {" "}
            <span className="badge badge-info">{t("dug.seat.chair")}</span>
          </>
        ) : null}
        <br />
        <span className="muted small">
          <bdi>{seat.user.email}</bdi>
        </span>
      </th>
      <td>{from ? <bdi>{from}</bdi> : "—"}</td>
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
  const t = useT();
  const rich = useRich();
  return (
    <>
      <h1>{t("dug.admin.heading")}</h1>
      <p>{rich("dug.admin.lead", { link: (chunks) => <Link to="/dug">{chunks}</Link> })}</p>
      <ErrorSummary reply={seatChange} idPrefix="roster-" />

      <h2>{t("dug.admin.voting")}</h2>
      <p className="muted">{t("dug.admin.count", { count: voting.length, max: MAX_VOTING_MEMBERS })}</p>
      <DataTable
        label={t("dug.admin.voting")}
        columns={[t("dug.admin.columnMember"), t("dug.admin.columnRegistry"), t("dug.admin.columnTerm"), t("dug.admin.columnActions")]}
      >
        {voting.map((s) => (
          <SeatRow key={s.id} seat={s} from={s.organisation?.name ?? null} canChair />
        ))}
      </DataTable>

      <h2>{t("dug.admin.liaisons")}</h2>
      <p className="muted">{t("dug.admin.count", { count: liaisons.length, max: MAX_LIAISONS })}</p>
      <DataTable
        label={t("dug.admin.liaisons")}
        columns={[t("dug.admin.columnLiaison"), t("dug.admin.columnFrom"), t("dug.admin.columnTerm"), t("dug.admin.columnActions")]}
      >
        {liaisons.map((s) => (
          <SeatRow key={s.id} seat={s} from={s.liaisonFrom} canChair={false} />
        ))}
      </DataTable>

      <section className="staff-panel" aria-labelledby="seat-heading">
        <h2 id="seat-heading">{t("dug.admin.seatHeading")}</h2>
        <Form method="post" className="form" noValidate>
          <ErrorSummary reply={seatResult} />
          <input type="hidden" name="intent" value="seat" />
          <TextField
            label={t("dug.admin.email")}
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={v.email ?? ""}
            error={seatResult?.errors.email}
            hint={t("dug.admin.emailHint")}
          />
          <SelectField
            label={t("dug.admin.seat")}
            name="seat"
            defaultValue={v.seat ?? "voting"}
            error={seatResult?.errors.seat}
            options={[
              { value: "voting", label: t("dug.admin.seatVoting") },
              { value: "liaison", label: t("dug.admin.seatLiaison") },
            ]}
          />
          <SelectField
            label={t("dug.admin.registry")}
            name="organisationId"
            defaultValue={v.organisationId ?? ""}
            error={seatResult?.errors.organisationId}
            options={[{ value: "", label: "—" }, ...organisations.map((o) => ({ value: o.id, label: `${o.name} (${shortKindLabel(o.kind)})` }))]}
          />
          <TextField
            label={t("dug.admin.liaisonFrom")}
            name="liaisonFrom"
            defaultValue={v.liaisonFrom ?? ""}
            error={seatResult?.errors.liaisonFrom}
            hint={t("dug.admin.liaisonFromHint")}
          />
          <div className="field-row">
            <TextField
              label={t("dug.admin.termStarts")}
              name="termStart"
              type="date"
              defaultValue={v.termStart ?? today}
              error={seatResult?.errors.termStart}
            />
            <TextField label={t("dug.admin.termEnds")} name="termEnd" type="date" defaultValue={v.termEnd ?? ""} error={seatResult?.errors.termEnd} />
          </div>
          <div className="actions">
            <button type="submit">{t("dug.admin.submit")}</button>
          </div>
        </Form>
      </section>

      <PastTerms title={t("dug.admin.pastTerms")} past={past} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "DUG roster · Staff" }];
