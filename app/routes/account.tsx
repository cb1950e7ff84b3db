import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { ROLE_LABELS, isRole } from "~/models/roles";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { listSessions, revokeOtherSessions, revokeSession } from "~/services/session.server";
import { endOtherSessionsSchema, endSessionSchema, renameSchema } from "~/features/accounts/account-validation";
import { plural } from "~/models/plural";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = await listSessions(user.id);
  return {
    user: {
      email: user.email,
      displayName: user.displayName ?? "",
      roles: user.roles.filter(isRole).map((r) => ROLE_LABELS[r]),
      memberships: user.memberships,
    },
    sessions: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, {
    rename: form(renameSchema, async (input) => {
      await setDisplayName({ userId: user.id, displayName: input.displayName });
      return redirectWithFlash("/account", "Your name was updated.");
    }),
    "end-session": form(endSessionSchema, async (input) => {
      const ended = await revokeSession({ userId: user.id, sessionId: input.sessionId });
      return redirectWithFlash("/account", ended ? "That session was signed out." : { kind: "error", message: "That session was already signed out." });
    }),
    "end-other-sessions": form(endOtherSessionsSchema, async () => {
      const count = await revokeOtherSessions({ userId: user.id, keepSessionId: user.sessionId });
      return redirectWithFlash("/account", `${plural(count, { one: "# other session", other: "# other sessions" })} signed out.`);
    }),
  });
}

export default function Account() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const rename = useFormReply("rename");
  const signOut = useFormReply(["end-session", "end-other-sessions"]);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="page">
      <h1>Your account</h1>
      <dl className="definition-list">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Roles</dt>
        <dd>{user.roles.length ? user.roles.join(", ") : "Member of the public"}</dd>
        <dt>Speaks for</dt>
        <dd>
          {user.memberships.length
            ? user.memberships.map((m) => `${m.name} (${m.tlds.map((t) => "." + t).join(", ")})`).join("; ")
            : "Only yourself. An administrator can verify that you represent a TLD registry operator."}
        </dd>
      </dl>

      <h2>Your name</h2>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={rename} />
        <input type="hidden" name="intent" value="rename" />
        <TextField
          label="Name shown on your comments"
          name="displayName"
          autoComplete="name"
          defaultValue={rename?.values.displayName ?? user.displayName}
          error={rename?.errors.displayName}
        />
        <div className="actions">
          <button type="submit">Save name</button>
        </div>
      </Form>

      <h2>Where you are signed in</h2>
      <ErrorSummary reply={signOut} idPrefix="sessions-" />
      <DataTable label="Where you are signed in" columns={["Device", "Signed in", "Last active", { label: "Action", hidden: true }]}>
        {sessions.map((s) => (
          <tr key={s.id}>
            <td>
              {describeAgent(s.userAgent)}
              {s.current ? <span className="badge badge-info">this device</span> : null}
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
                  Sign out
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
            Sign out everywhere else
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function describeAgent(agent: string | null): string {
  if (!agent) return "Unknown device ";
  const browser = /Firefox\//.test(agent)
    ? "Firefox"
    : /Edg\//.test(agent)
      ? "Edge"
      : /Chrom(e|ium)\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : "Browser";
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
  return `${browser}${os ? " on " + os : ""} `;
}

export const meta: MetaFunction = () => [{ title: "Your account · IANA Naming Functions Consultations" }];
