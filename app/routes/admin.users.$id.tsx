import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { listOrganisations, revokeRepresentative, verifyRepresentative } from "~/features/accounts/organisation.server";
import { redirectWithStaffFlash, requireStaffPage, staffNotFound, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { translate } from "~/i18n/catalogue.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { ROLES } from "~/models/roles";
import { getUserForAdmin, grantRole, revokeRole } from "~/features/accounts/user.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { DEFAULT_LOCALE } from "~/services/language";
import { adminSchemas } from "~/features/accounts/admin-validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "users.read");
  const [user, organisations] = await Promise.all([getUserForAdmin(params.id!), listOrganisations()]);
  if (!user) staffNotFound(locale, "admin.refusal.noSuchUser");
  return { user, organisations: organisations.map((o) => ({ id: o.id, name: o.name })), title: staffTitle(locale, "admin.user.pageTitle") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const [admin, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  const schemas = adminSchemas(locale);
  const userId = params.id!;
  const here = `/admin/users/${userId}`;
  const nothingChanged = () => redirectWithStaffFlash(here, "admin.user.flash.nothingChanged", undefined, "info");
  const changeRole = (grant: boolean) =>
    form(schemas.roleChange, async ({ role }) => {
      const result =
        denied(admin, grant ? "roles.grant" : "roles.revoke", undefined, locale) ??
        (grant ? await grantRole({ actor: admin, userId, role, locale }) : await revokeRole({ actor: admin, userId, role, locale }));
      if (!result.ok) return result;
      if (!result.changed) return nothingChanged();
      // The role is named in the flash's values in the page's language; its English text names it in English.
      const messageId = grant ? "admin.user.flash.roleGranted" : "admin.user.flash.roleRevoked";
      return redirectWithFlash(here, {
        kind: "success",
        message: translate(DEFAULT_LOCALE, messageId, { role: translate(DEFAULT_LOCALE, `admin.role.${role}`) }),
        messageId,
        values: { role: translate(locale, `admin.role.${role}`) },
      });
    });
  return handleForm(request, {
    "grant-role": changeRole(true),
    "revoke-role": changeRole(false),
    "revoke-membership": form(schemas.revokeMembership, async (input) => {
      const result =
        denied(admin, "organisation.verify", undefined, locale) ?? (await revokeRepresentative({ actor: admin, membershipId: input.membershipId }));
      if (!result.ok) return result;
      return result.changed ? redirectWithStaffFlash(here, "admin.user.flash.representationRevoked") : nothingChanged();
    }),
    verify: form(schemas.verify, async (input) => {
      const result =
        denied(admin, "organisation.verify", undefined, locale) ??
        (await verifyRepresentative({ actor: admin, userId, organisationId: input.organisationId, title: input.title, locale }));
      return result.ok ? redirectWithStaffFlash(here, "admin.user.flash.verified") : result;
    }),
  });
}

export default function AdminUser() {
  const { user, organisations } = useLoaderData<typeof loader>();
  const verify = useFormReply("verify");
  const change = useFormReply(["grant-role", "revoke-role", "revoke-membership"]);
  const held = new Set(user.roles.map((r) => r.role));
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  return (
    <>
      <p>
        <Link to="/admin/users">{t("admin.user.all")}</Link>
      </p>
      <h1 {...(user.displayName ? english : {})}>{user.displayName ?? <bdi>{user.email}</bdi>}</h1>
      <dl className="definition-list">
        <dt>{t("admin.user.email")}</dt>
        <dd>
          <bdi>{user.email}</bdi>
        </dd>
        <dt>{t("admin.user.created")}</dt>
        <dd>
          <UtcTime value={user.createdAt} />
        </dd>
      </dl>
      <ErrorSummary reply={change} idPrefix="roles-" />

      <h2>{t("admin.user.roles")}</h2>
      <DataTable
        label={t("admin.user.roles")}
        columns={[t("admin.user.col.role"), t("admin.user.col.status"), { label: t("admin.table.action"), hidden: true }]}
      >
        {ROLES.map((role) => {
          const grant = user.roles.find((r) => r.role === role);
          const date = grant ? <UtcTime value={grant.grantedAt} withTime={false} /> : null;
          return (
            <tr key={role}>
              <td>{t(`admin.role.${role}`)}</td>
              <td>
                {grant
                  ? grant.grantedBy
                    ? rich("admin.user.heldSinceGrantedBy", { date, email: <bdi>{grant.grantedBy.email}</bdi> })
                    : rich("admin.user.heldSince", { date })
                  : "—"}
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="role" value={role} />
                  <input type="hidden" name="intent" value={held.has(role) ? "revoke-role" : "grant-role"} />
                  <button type="submit" className={held.has(role) ? "secondary" : undefined}>
                    {held.has(role) ? t("admin.user.revoke") : t("admin.user.grant")}
                    <span className="visually-hidden"> {t(`admin.role.${role}`)}</span>
                  </button>
                </Form>
              </td>
            </tr>
          );
        })}
      </DataTable>

      <h2>{t("admin.user.represents")}</h2>
      {user.memberships.length ? (
        <ul>
          {user.memberships.map((m) => {
            const date = <UtcTime value={m.verifiedAt} withTime={false} />;
            return (
              <li key={m.id}>
                <Link to={`/admin/organisations/${m.organisation.id}`} {...english}>
                  {m.organisation.name}
                </Link>
                {m.title ? (
                  <>
                    , <span {...english}>{m.title}</span>
                  </>
                ) : null}{" "}
                — {m.verifiedBy ? rich("admin.user.verifiedOnBy", { date, email: <bdi>{m.verifiedBy.email}</bdi> }) : rich("admin.user.verifiedOn", { date })}
                {m.revokedAt ? (
                  <>
                    {" "}
                    <span className="badge badge-muted">{t("admin.user.revoked")}</span>
                  </>
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="revoke-membership" />
                    <input type="hidden" name="membershipId" value={m.id} />{" "}
                    <button type="submit" className="secondary">
                      {t("admin.user.revoke")}
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{t("admin.user.onlyThemselves")}</p>
      )}
      <h3>{t("admin.user.verifyHeading")}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={verify} />
        <input type="hidden" name="intent" value="verify" />
        <SelectField
          label={t("admin.user.organisation")}
          name="organisationId"
          defaultValue={verify?.values.organisationId ?? ""}
          error={verify?.errors.organisationId}
          options={[{ value: "", label: t("admin.user.choose") }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <TextField
          label={t("admin.user.title")}
          name="title"
          defaultValue={verify?.values.title ?? ""}
          error={verify?.errors.title}
          hint={t("admin.user.titleHint")}
        />
        <div className="actions">
          <button type="submit">{t("admin.user.verify")}</button>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "User · Staff" }];
