import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT, type MessageId } from "~/i18n/t";

const TITLES: Record<number, MessageId> = {
  400: "shell.error.400",
  403: "shell.error.403",
  404: "shell.error.404",
  405: "shell.error.405",
  413: "shell.error.413",
  429: "shell.error.429",
};

type ErrorData = { message?: unknown; messageId?: unknown } | null;

/** The one error page: a clear message, never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  const t = useT();
  let status = 500;
  let message = t("shell.error.serverMessage");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as ErrorData;
    const own = data?.messageId;
    const dataMessage = data?.message;
    message =
      typeof own === "string" && own.startsWith("shell.error.")
        ? t(own as MessageId)
        : typeof dataMessage === "string"
          ? dataMessage
          : typeof error.data === "string" && error.data
            ? error.data
            : TITLES[status]
              ? t(TITLES[status])
              : message;
  }
  const title = TITLES[status] ? t(TITLES[status]) : t(status >= 500 ? "shell.error.serverTitle" : "shell.error.otherTitle");
  return (
    <div className="page narrow error-page">
      <p className="eyebrow">{t("shell.error.eyebrow", { status })}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("shell.error.home")}</Link> · <Link to="/consultations">{t("shell.error.browse")}</Link>
      </p>
    </div>
  );
}
