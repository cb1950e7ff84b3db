import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { OrganisationForm } from "~/components/organisation-form";
import { TableRegion } from "~/components/table-region";
import { createOrganisation, listOrganisations } from "~/models/organisation.server";
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from "~/models/organisation-kinds";
import { requireAdmin } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { organisationSchema } from "~/validation/admin";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { organisations: await listOrganisations() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseForm(organisationSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  const result = await createOrganisation({ actorId: admin.id, input: parsed.data });
  if (!result.ok) return data({ errors: { [result.field]: result.message } as Record<string, string>, values: formValues(form) }, { status: 409 });
  return redirectWithFlash(`/admin/organisations/${result.id}`, `${parsed.data.name} added.`);
}

export default function AdminOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Organisations</h1>
      <p className="muted">TLD registry operators whose representatives may comment on their behalf.</p>
      <TableRegion label="Organisations">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">TLDs</th>
              <th scope="col" className="num">
                Verified representatives
              </th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </TableRegion>
      <h2>Add an organisation</h2>
      <OrganisationForm values={actionData?.values ?? {}} errors={actionData?.errors} submitLabel="Add organisation" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisations · Staff" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
