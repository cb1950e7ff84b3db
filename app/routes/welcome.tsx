import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { safeRedirect } from "~/services/http.server";
import { displayNameSchema } from "~/features/accounts/sign-in-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get("redirectTo")), displayName: user.displayName ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, {
    name: form(displayNameSchema, async (input) => {
      await setDisplayName({ userId: user.id, displayName: input.displayName });
      return redirectWithFlash(safeRedirect(input.redirectTo), `Welcome, ${input.displayName}.`);
    }),
  });
}

export default function Welcome() {
  const { redirectTo, displayName } = useLoaderData<typeof loader>();
  const reply = useFormReply("name");
  return (
    <div className="page narrow">
      <h1>What should we call you?</h1>
      <p className="lead">Your name is shown next to your comments. You can change it later in your account.</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          defaultValue={reply?.values.displayName ?? displayName}
          error={reply?.errors.displayName}
          hint="For example “Ana Pereira”. Speaking for a registry? An administrator verifies that separately."
        />
        <div className="actions">
          <button type="submit">Continue</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Welcome · IANA Naming Functions Consultations" }];
