import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormReply } from "~/components/error-summary";
import { OrganisationForm } from "~/features/accounts/organisation-form";
import { DataTable } from "~/components/data-table";
import { createOrganisation, listOrganisations } from "~/features/accounts/organisation.server";
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from "~/features/accounts/organisation-kinds";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { organisationSchema } from "~/features/accounts/admin-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisation.manage");
  return { organisations: await listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  return handleForm(request, {
    organisation: form(organisationSchema, async (input) => {
      const result = await createOrganisation({ actor: admin, input });
      return result.ok ? redirectWithFlash(`/admin/organisations/${result.id}`, `${input.name} added.`) : result;
    }),
  });
}

export default function AdminOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const reply = useFormReply("organisation");
  return (
    <>
      <h1>Organisations</h1>
      <p className="muted">TLD registry operators whose representatives may comment on their behalf.</p>
      <DataTable label="Organisations" columns={["Name", "Kind", "TLDs", { label: "Verified representatives", numeric: true }]}>
        {organisations.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/admin/organisations/${o.id}`}>{o.name}</Link>
            </td>
            <td>{ORGANISATION_KIND_LABELS[o.kind as OrganisationKind] ?? o.kind}</td>
            <td>{o.tlds.map((t) => "." + t.name).join(" ")}</td>
            <td className="num">{o._count.memberships}</td>
          </tr>
        ))}
      </DataTable>
      <h2>Add an organisation</h2>
      <OrganisationForm values={reply?.values ?? {}} reply={reply} submitLabel="Add organisation" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisations · Staff" }];
