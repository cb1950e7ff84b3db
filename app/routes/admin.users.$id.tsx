import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { listOrganisations, revokeRepresentative, verifyRepresentative } from "~/features/accounts/organisation.server";
import { ROLE_LABELS, ROLES } from "~/models/roles";
import { getUserForAdmin, grantRole, revokeRole } from "~/features/accounts/user.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { revokeMembershipSchema, roleChangeSchema, verifySchema } from "~/features/accounts/admin-validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "users.read");
  const [user, organisations] = await Promise.all([getUserForAdmin(params.id!), listOrganisations()]);
  if (!user) notFound("There is no such user.");
  return { user, organisations: organisations.map((o) => ({ id: o.id, name: o.name })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  const userId = params.id!;
  const here = `/admin/users/${userId}`;
  const changeRole = (grant: boolean) =>
    form(roleChangeSchema, async ({ role }) => {
      const result = grant ? await grantRole({ actor: admin, userId, role }) : await revokeRole({ actor: admin, userId, role });
      if (!result.ok) return result;
      const done = `Role ${ROLE_LABELS[role]} ${grant ? "granted" : "revoked"}.`;
      return redirectWithFlash(here, result.changed ? done : { kind: "info", message: "Nothing changed." });
    });
  return handleForm(request, {
    "grant-role": changeRole(true),
    "revoke-role": changeRole(false),
    "revoke-membership": form(revokeMembershipSchema, async (input) => {
      const result = await revokeRepresentative({ actor: admin, membershipId: input.membershipId });
      if (!result.ok) return result;
      return redirectWithFlash(here, result.changed ? "Representation revoked." : { kind: "info", message: "Nothing changed." });
    }),
    verify: form(verifySchema, async (input) => {
      const result = await verifyRepresentative({ actor: admin, userId, organisationId: input.organisationId, title: input.title });
      return result.ok ? redirectWithFlash(here, "Representation verified.") : result;
    }),
  });
}

export default function AdminUser() {
  const { user, organisations } = useLoaderData<typeof loader>();
  const verify = useFormReply("verify");
  const change = useFormReply(["grant-role", "revoke-role", "revoke-membership"]);
  const held = new Set(user.roles.map((r) => r.role));
  return (
    <>
      <p>
        <Link to="/admin/users">← All users</Link>
      </p>
      <h1>{user.displayName ?? user.email}</h1>
      <dl className="definition-list">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Account created</dt>
        <dd>
          <UtcTime value={user.createdAt} />
        </dd>
      </dl>
      <ErrorSummary reply={change} idPrefix="roles-" />

      <h2>Roles</h2>
      <DataTable label="Roles" columns={["Role", "Status", { label: "Action", hidden: true }]}>
        {ROLES.map((role) => {
          const grant = user.roles.find((r) => r.role === role);
          return (
            <tr key={role}>
              <td>{ROLE_LABELS[role]}</td>
              <td>
                {grant ? (
                  <>
                    Held since <UtcTime value={grant.grantedAt} withTime={false} />
                    {grant.grantedBy ? ` (granted by ${grant.grantedBy.email})` : ""}
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="role" value={role} />
                  <input type="hidden" name="intent" value={held.has(role) ? "revoke-role" : "grant-role"} />
                  <button type="submit" className={held.has(role) ? "secondary" : undefined}>
                    {held.has(role) ? "Revoke" : "Grant"}
                    <span className="visually-hidden"> {ROLE_LABELS[role]}</span>
                  </button>
                </Form>
              </td>
            </tr>
          );
        })}
      </DataTable>

      <h2>Represents</h2>
      {user.memberships.length ? (
        <ul>
          {user.memberships.map((m) => (
            <li key={m.id}>
              <Link to={`/admin/organisations/${m.organisation.id}`}>{m.organisation.name}</Link>
              {m.title ? `, ${m.title}` : ""} — verified <UtcTime value={m.verifiedAt} withTime={false} />
              {m.verifiedBy ? ` by ${m.verifiedBy.email}` : ""}
              {m.revokedAt ? (
                <>
                  {" "}
                  <span className="badge badge-muted">revoked</span>
                </>
              ) : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="revoke-membership" />
                  <input type="hidden" name="membershipId" value={m.id} />{" "}
                  <button type="submit" className="secondary">
                    Revoke
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>Speaks only for themselves.</p>
      )}
      <h3>Verify that this user represents an organisation</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={verify} />
        <input type="hidden" name="intent" value="verify" />
        <SelectField
          label="Organisation"
          name="organisationId"
          defaultValue={verify?.values.organisationId ?? ""}
          error={verify?.errors.organisationId}
          options={[{ value: "", label: "Choose…" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <TextField
          label="Title (optional)"
          name="title"
          defaultValue={verify?.values.title ?? ""}
          error={verify?.errors.title}
          hint="For example “Technical manager”."
        />
        <div className="actions">
          <button type="submit">Verify representative</button>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "User · Staff" }];
