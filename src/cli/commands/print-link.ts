import type { IssuedLink } from '../../platform/operators.service';

/** The link on a line of its own, so that it can be copied (or read by a script) whole. */
export function printLink(link: IssuedLink, out: (line: string) => void): void {
  const lifetime = link.purpose === 'invitation' ? '72 ชั่วโมง / 72 hours' : '30 นาที / 30 minutes';
  out(`ลิงก์ตั้งรหัสผ่าน ใช้ได้ครั้งเดียว ภายใน ${lifetime} (ถึง ${link.expiresAt.toISOString()}) / One-time set-password link:`);
  out(link.url);
}
