import { formatUtc } from "~/models/time";

/** One line of the DUG history (public audit events). */
export function dugHistoryText(action: string, d: Record<string, unknown>): string {
  const label = (p: unknown) => String(p ?? "").replace(/_/g, " ");
  switch (action) {
    case "dug.review.open":
      return `round ${d.round} opened by the IFM on plan version ${d.planVersion ?? d.version}, deadline ${d.deadline ? formatUtc(new Date(String(d.deadline))) : "not set"}.`;
    case "dug.position.record":
      return d.previous
        ? `${d.member} changed their position from ${label(d.previous)} to ${label(d.position)} (round ${d.round}).`
        : `${d.member} recorded the position ${label(d.position)} (round ${d.round}).`;
    case "dug.advice.post":
      return `${d.liaison} (liaison) posted advice (round ${d.round}).`;
    case "dug.review.certify":
      return `round ${d.round} certified by the chair: ${label(d.outcome)}. Record hash ${d.recordHash}.`;
    case "dug.review.lapse":
      return `round ${d.round} lapsed: the deadline passed without agreement. Record hash ${d.recordHash}.`;
    case "dug.review.supersede":
      return `round ${d.round} superseded: ${d.note ?? "a new round was opened"}`;
    default:
      return action;
  }
}
