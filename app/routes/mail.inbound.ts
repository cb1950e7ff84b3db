import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveWebhookMail } from "~/services/inbound-webhook.server";

// Mail providers' inbound webhook: POST a raw RFC 5322 message with the shared secret
// (README, "Receiving mail"). It is stored and processed by the worker like SMTP mail.
export const action = ({ request }: ActionFunctionArgs) => receiveWebhookMail(request);

export const loader = ({ request }: LoaderFunctionArgs) => receiveWebhookMail(request);
