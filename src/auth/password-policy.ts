import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../common/domain-error';
import { codePointLength } from '../common/validation';
import { PASSWORD_MIN_LENGTH } from './auth.dto';

/**
 * The common-password list of zxcvbn-ts (@zxcvbn-ts/language-common: about 49,000 passwords seen most often in
 * breaches, most frequent first), in lower case. Only those of at least the minimum length can be typed here.
 */
const COMMON = new Set(dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN_LENGTH).map((p) => p.toLowerCase()));

export const PASSWORD_MAX_LENGTH = 200;

/**
 * What is wrong with a password a person chooses through a link (invitation or reset): too short, too long, one of
 * the common passwords, or their username. Null when it will do.
 */
export function passwordProblem(password: string, username: string, field = 'password'): FieldProblem | null {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return { field, rule: 'minLength', message: { th: `ต้องยาวอย่างน้อย ${PASSWORD_MIN_LENGTH} ตัวอักษร`, en: `must be at least ${PASSWORD_MIN_LENGTH} characters` } };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { field, rule: 'maxLength', message: { th: `ยาวได้ไม่เกิน ${PASSWORD_MAX_LENGTH} ตัวอักษร`, en: `must be at most ${PASSWORD_MAX_LENGTH} characters` } };
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) {
    return { field, rule: 'common', message: { th: 'รหัสผ่านนี้มีผู้ใช้ทั่วไปมาก เดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น', en: 'is a commonly used password: choose another' } };
  }
  if (lower === username.toLowerCase()) {
    return { field, rule: 'notUsername', message: { th: 'ต้องไม่เหมือนชื่อผู้ใช้', en: 'must not be the username' } };
  }
  return null;
}
