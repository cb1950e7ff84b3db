import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { Fragment } from "react";
import { accountFlash } from "~/features/accounts/flash.server";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { isRole } from "~/models/roles";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { listSessions, revokeOtherSessions, revokeSession } from "~/services/session.server";
import { endOtherSessionsSchema, endSessionSchema } from "~/features/accounts/account-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, locale] = await Promise.all([listSessions(user.id), requestLocale(request)]);
  return {
    title: translate(locale, "accounts.account.pageTitle"),
    user: {
      email: user.email,
      displayName: user.displayName ?? "",
      roles: user.roles.filter(isRole),
      memberships: user.memberships,
    },
    sessions: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    rename: form(accountSchemas(locale).rename, async (input) => {
      await setDisplayName({ userId: user.id, displayName: input.displayName });
      return redirectWithFlash("/account", accountFlash("accounts.flash.renamed"));
    }),
    "end-session": form(endSessionSchema, async (input) => {
      const ended = await revokeSession({ userId: user.id, sessionId: input.sessionId });
      return redirectWithFlash(
        "/account",
        ended ? accountFlash("accounts.flash.sessionEnded") : accountFlash("accounts.flash.sessionAlreadyEnded", undefined, "error"),
      );
    }),
    "end-other-sessions": form(endOtherSessionsSchema, async () => {
      const count = await revokeOtherSessions({ userId: user.id, keepSessionId: user.sessionId });
      return redirectWithFlash("/account", accountFlash("accounts.flash.otherSessionsEnded", { count }));
    }),
  });
}

export default function Account() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const rename = useFormReply("rename");
  const signOut = useFormReply(["end-session", "end-other-sessions"]);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="page">
      <h1>{t("accounts.account.heading")}</h1>
      <dl className="definition-list">
        <dt>{t("accounts.account.email")}</dt>
        <dd>
          <bdi>{user.email}</bdi>
        </dd>
        <dt>{t("accounts.account.roles")}</dt>
        <dd>{user.roles.length ? user.roles.map((r) => t(`accounts.role.${r}`)).join(", ") : t("accounts.account.noRole")}</dd>
        <dt>{t("accounts.account.speaksFor")}</dt>
        <dd>
          {user.memberships.length
            ? user.memberships.map((m, i) => (
                <Fragment key={m.name}>
                  {i > 0 ? "; " : ""}
                  {rich("accounts.account.membership", { organisation: <bdi>{m.name}</bdi>, tlds: <bdi>{m.tlds.map((tld) => `.${tld}`).join(", ")}</bdi> })}
                </Fragment>
              ))
            : t("accounts.account.onlyYourself")}
        </dd>
      </dl>

      <h2>{t("accounts.account.nameHeading")}</h2>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={rename} />
        <input type="hidden" name="intent" value="rename" />
        <TextField
          label={t("accounts.account.nameLabel")}
          name="displayName"
          autoComplete="name"
          defaultValue={rename?.values.displayName ?? user.displayName}
          error={rename?.errors.displayName}
        />
        <div className="actions">
          <button type="submit">{t("accounts.account.saveName")}</button>
        </div>
      </Form>

      <h2>{t("accounts.sessions.heading")}</h2>
      <ErrorSummary reply={signOut} idPrefix="sessions-" />
      <DataTable
        label={t("accounts.sessions.heading")}
        columns={[
          t("accounts.sessions.device"),
          t("accounts.sessions.signedIn"),
          t("accounts.sessions.lastActive"),
          { label: t("accounts.sessions.action"), hidden: true },
        ]}
      >
        {sessions.map((s) => (
          <tr key={s.id}>
            <td>
              {describeAgent(s.userAgent, t)} {s.current ? <span className="badge badge-info">{t("accounts.sessions.thisDevice")}</span> : null}
            </td>
            <td>
              <UtcTime value={s.createdAt} />
            </td>
            <td>
              <UtcTime value={s.lastSeenAt} />
            </td>
            <td>
              {s.current ? null : (
                <RowAction intent="end-session" name="sessionId" value={s.id}>
                  {t("accounts.sessions.signOut")}
                </RowAction>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-other-sessions" />
          <button type="submit" className="secondary">
            {t("accounts.sessions.signOutOthers")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** "Firefox on Linux": the browser and system a session's User-Agent names (their names are not translated). */
function describeAgent(agent: string | null, t: ReturnType<typeof useT>): string {
  if (!agent) return t("accounts.sessions.unknownDevice");
  const browser = /Firefox\//.test(agent)
    ? "Firefox"
    : /Edg\//.test(agent)
      ? "Edge"
      : /Chrom(e|ium)\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : t("accounts.sessions.browser");
  const os = /Windows/.test(agent)
    ? "Windows"
    : /Mac OS X/.test(agent)
      ? "macOS"
      : /Android/.test(agent)
        ? "Android"
        : /iPhone|iPad/.test(agent)
          ? "iOS"
          : /Linux/.test(agent)
            ? "Linux"
            : "";
  return os ? t("accounts.sessions.browserOn", { browser, os }) : browser;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Your account · IANA Naming Functions Consultations" }];
