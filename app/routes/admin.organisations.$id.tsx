import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormReply } from "~/components/error-summary";
import { OrganisationForm } from "~/features/accounts/organisation-form";
import { UtcTime } from "~/components/time";
import { getOrganisation, updateOrganisation } from "~/features/accounts/organisation.server";
import { redirectWithStaffFlash, requireStaffPage, staffNotFound, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { adminSchemas } from "~/features/accounts/admin-validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "organisation.manage");
  const organisation = await getOrganisation(params.id!);
  if (!organisation) staffNotFound(locale, "admin.refusal.noSuchOrganisation");
  return { organisation, title: staffTitle(locale, "admin.organisation.pageTitle") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const [admin, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    organisation: form(adminSchemas(locale).organisation, async (input) => {
      const result = denied(admin, "organisation.manage", undefined, locale) ?? (await updateOrganisation({ actor: admin, id: params.id!, input, locale }));
      return result.ok ? redirectWithStaffFlash(`/admin/organisations/${params.id}`, "admin.organisations.flash.saved") : result;
    }),
  });
}

export default function AdminOrganisation() {
  const { organisation: o } = useLoaderData<typeof loader>();
  const reply = useFormReply("organisation");
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const values = reply?.values ?? { name: o.name, kind: o.kind, website: o.website, tlds: o.tlds.map((t) => "." + t.name).join(" ") };
  return (
    <>
      <p>
        <Link to="/admin/organisations">{t("admin.organisation.all")}</Link>
      </p>
      <h1 {...english}>{o.name}</h1>
      <OrganisationForm values={values} reply={reply} submitLabel={t("admin.organisation.save")} />
      <h2>{t("admin.organisation.representatives")}</h2>
      {o.memberships.length ? (
        <ul>
          {o.memberships.map((m) => (
            <li key={m.id}>
              <Link to={`/admin/users/${m.user.id}`} {...(m.user.displayName ? english : {})}>
                {m.user.displayName ?? <bdi>{m.user.email}</bdi>}
              </Link>
              {m.title ? (
                <>
                  , <span {...english}>{m.title}</span>
                </>
              ) : null}{" "}
              — {rich("admin.organisation.verifiedOn", { date: <UtcTime value={m.verifiedAt} withTime={false} /> })}
              {m.revokedAt ? <span className="badge badge-muted"> {t("admin.organisation.revoked")}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("admin.organisation.noRepresentatives")}</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Organisation · Staff" }];
