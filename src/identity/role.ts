export const ROLES = ['author', 'reviewer', 'webmaster', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  author: 'ผู้จัดทำ',
  reviewer: 'ผู้พิจารณา',
  webmaster: 'ผู้ดูแลเว็บไซต์',
  admin: 'ผู้ดูแลระบบ',
};
