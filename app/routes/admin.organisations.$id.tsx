import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormReply } from "~/components/error-summary";
import { OrganisationForm } from "~/features/accounts/organisation-form";
import { UtcTime } from "~/components/time";
import { getOrganisation, updateOrganisation } from "~/features/accounts/organisation.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { organisationSchema } from "~/features/accounts/admin-validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "organisation.manage");
  const organisation = await getOrganisation(params.id!);
  if (!organisation) notFound("There is no such organisation.");
  return { organisation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  return handleForm(request, {
    organisation: form(organisationSchema, async (input) => {
      const result = await updateOrganisation({ actor: admin, id: params.id!, input });
      return result.ok ? redirectWithFlash(`/admin/organisations/${params.id}`, "Organisation saved.") : result;
    }),
  });
}

export default function AdminOrganisation() {
  const { organisation: o } = useLoaderData<typeof loader>();
  const reply = useFormReply("organisation");
  const values = reply?.values ?? { name: o.name, kind: o.kind, website: o.website, tlds: o.tlds.map((t) => "." + t.name).join(" ") };
  return (
    <>
      <p>
        <Link to="/admin/organisations">← All organisations</Link>
      </p>
      <h1>{o.name}</h1>
      <OrganisationForm values={values} reply={reply} submitLabel="Save changes" />
      <h2>Representatives</h2>
      {o.memberships.length ? (
        <ul>
          {o.memberships.map((m) => (
            <li key={m.id}>
              <Link to={`/admin/users/${m.user.id}`}>{m.user.displayName ?? m.user.email}</Link>
              {m.title ? `, ${m.title}` : ""} — verified <UtcTime value={m.verifiedAt} withTime={false} />
              {m.revokedAt ? <span className="badge badge-muted"> revoked</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>No verified representatives yet. Verify one from the user’s page.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisation · Staff" }];
