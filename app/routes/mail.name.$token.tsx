import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { renameSchema } from "~/features/accounts/account-validation";
import { readNameToken } from "~/features/email/name-link.server";
import { refused } from "~/models/refusal.server";
import { db } from "~/services/db.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";

// Reached from the receipt of a comment sent by mail from an address that had no account yet:
// the person gives the name shown with their comments.

const INVALID = "This link is not valid.";
const EXPIRED = "This link has expired. Sign in and set your name in your account.";

async function personOf(token: string): Promise<{ problem: string } | { user: { id: string; email: string; displayName: string | null } }> {
  const read = readNameToken(token);
  if (!read.ok) return { problem: read.reason === "expired" ? EXPIRED : INVALID };
  const user = await db().user.findUnique({ where: { id: read.userId }, select: { id: true, email: true, displayName: true } });
  return user ? { user } : { problem: INVALID };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await personOf(params.token ?? "");
  if ("problem" in found) return { problem: found.problem, email: null, displayName: "" };
  return { problem: null, email: found.user.email, displayName: found.user.displayName ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const found = await personOf(params.token ?? "");
  return handleForm(request, {
    name: form(renameSchema, async (input) => {
      if ("problem" in found) return refused(400, found.problem);
      await setDisplayName({ userId: found.user.id, displayName: input.displayName });
      return redirectWithFlash("/", `Thank you, ${input.displayName}: your comments show this name.`);
    }),
  });
}

export default function NameFromMail() {
  const { problem, email, displayName } = useLoaderData<typeof loader>();
  const reply = useFormReply("name");
  if (problem) {
    return (
      <div className="page narrow">
        <h1>Your name</h1>
        <p className="lead">{problem}</p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>The name shown with your comments</h1>
      <p className="lead">
        Your comment sent by mail from <strong>{email}</strong> is posted. Which name should it show?
      </p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="intent" value="name" />
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          defaultValue={reply?.values.displayName ?? displayName}
          error={reply?.errors.displayName}
          hint="For example “Ana Pereira”."
        />
        <div className="actions">
          <button type="submit">Save my name</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Your name · IANA Naming Functions Consultations" }];
