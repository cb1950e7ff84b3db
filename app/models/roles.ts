// Roles a user can hold, granted by an admin. Ordinary signed-in users hold none.
export const ROLES = ["admin", "ifm", "dug_member", "dug_liaison", "dug_chair"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

type WithRoles = { roles: readonly string[] } | null | undefined;

export function hasRole(user: WithRoles, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

/** IFM staff run consultations; administrators can do everything staff can. */
export const STAFF_ROLES = ["ifm", "admin"] as const satisfies readonly Role[];

export function isStaff(user: WithRoles): boolean {
  return hasRole(user, ...STAFF_ROLES);
}
