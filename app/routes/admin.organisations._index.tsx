import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormReply } from "~/components/error-summary";
import { OrganisationForm } from "~/features/accounts/organisation-form";
import { DataTable } from "~/components/data-table";
import { createOrganisation, listOrganisations } from "~/features/accounts/organisation.server";
import { isOrganisationKind } from "~/features/accounts/organisation-kinds";
import { redirectWithStaffFlash, requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { useEnglishContent, useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { adminSchemas } from "~/features/accounts/admin-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "organisation.manage");
  return { organisations: await listOrganisations(), title: staffTitle(locale, "admin.nav.organisations") };
}

export async function action({ request }: ActionFunctionArgs) {
  const [admin, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    organisation: form(adminSchemas(locale).organisation, async (input) => {
      const result = denied(admin, "organisation.manage", undefined, locale) ?? (await createOrganisation({ actor: admin, input, locale }));
      return result.ok ? redirectWithStaffFlash(`/admin/organisations/${result.id}`, "admin.organisations.flash.added", { name: input.name }) : result;
    }),
  });
}

export default function AdminOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const reply = useFormReply("organisation");
  const t = useT();
  const english = useEnglishContent();
  return (
    <>
      <h1>{t("admin.nav.organisations")}</h1>
      <p className="muted">{t("admin.organisations.intro")}</p>
      <DataTable
        label={t("admin.nav.organisations")}
        columns={[
          t("admin.organisations.col.name"),
          t("admin.organisations.col.kind"),
          t("admin.organisations.col.tlds"),
          { label: t("admin.organisations.col.representatives"), numeric: true },
        ]}
      >
        {organisations.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/admin/organisations/${o.id}`} {...english}>
                {o.name}
              </Link>
            </td>
            <td>{isOrganisationKind(o.kind) ? t(`admin.organisations.kind.${o.kind}`) : o.kind}</td>
            <td>
              <bdi>{o.tlds.map((t) => "." + t.name).join(" ")}</bdi>
            </td>
            <td className="num">{o._count.memberships}</td>
          </tr>
        ))}
      </DataTable>
      <h2>{t("admin.organisations.addHeading")}</h2>
      <OrganisationForm values={reply?.values ?? {}} reply={reply} submitLabel={t("admin.organisations.add")} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Organisations · Staff" }];
