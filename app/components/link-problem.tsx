import type { ReactNode } from "react";

/** The page for a mailed link that cannot be used (expired, used, unknown), with what to do next. */
export function LinkProblem({ problem, heading = "This link cannot be used", children }: { problem: string; heading?: string; children: ReactNode }) {
  return (
    <div className="page narrow">
      <h1>{heading}</h1>
      <div className="notice notice-error" role="alert">
        {problem}
      </div>
      <p>{children}</p>
    </div>
  );
}
