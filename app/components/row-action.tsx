import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** A one-button form in a table row or list item: posts `intent` and the id of the row it acts on. */
export function RowAction({ intent, name, value, children }: { intent: string; name: string; value: string; children: ReactNode }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={name} value={value} />
      <button type="submit" className="secondary">
        {children}
      </button>
    </Form>
  );
}
