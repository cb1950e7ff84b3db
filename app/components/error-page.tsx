import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be handled",
  403: "You do not have access to this page",
  404: "Page not found",
  405: "That action is not available here",
  413: "That submission is too large",
  429: "Too many requests",
};

/** The one error page: a clear message, never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  let status = 500;
  let message = "Something went wrong on our side. The problem has been logged; please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const dataMessage = (error.data as { message?: unknown } | null)?.message;
    message = typeof dataMessage === "string" ? dataMessage : typeof error.data === "string" && error.data ? error.data : (TITLES[status] ?? message);
  }
  const title = TITLES[status] ?? (status >= 500 ? "Something went wrong" : "That did not work");
  return (
    <div className="page narrow error-page">
      <p className="eyebrow">Error {status}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Go to the home page</Link> · <Link to="/consultations">Browse consultations</Link>
      </p>
    </div>
  );
}
