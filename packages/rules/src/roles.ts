/** The roles of the portal's users (product.md "Roles") and their Chinese names, one home for both. */

export const ROLES = ["admin", "hr", "stats", "leader", "head"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_NAMES: Record<Role, string> = { admin: "系统管理员", hr: "政治处", stats: "统计员", leader: "党组成员", head: "庭长" };

/** A role's name as users read it: 统计员 for `stats`. */
export function roleName(role: Role): string {
  return ROLE_NAMES[role];
}

/** Whether `text` names a role. */
export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}
