import type { ReactNode } from "react";

/** The page for a mailed link that cannot be used (expired, used, unknown), with what to do next. */
export function LinkProblem({ problem, children }: { problem: string; children: ReactNode }) {
  return (
    <div className="page narrow">
      <h1>This link cannot be used</h1>
      <div className="notice notice-error" role="alert">
        {problem}
      </div>
      <p>{children}</p>
    </div>
  );
}
