import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  test.each([
    ['short', 'abc123', 'minLength'],
    ['a common password of ten characters', '1234567890', 'common'],
    ['a common password in another case', 'QWERTYUIOP', 'common'],
    ['the username', 'somchai.jaidee', 'notUsername'],
    ['the username in upper case', 'SOMCHAI.JAIDEE', 'notUsername'],
    ['201 characters', 'x'.repeat(201), 'maxLength'],
  ])('refuses %s', (_name, password, rule) => {
    expect(passwordProblem(password, 'somchai.jaidee')?.rule).toBe(rule);
  });

  test('counts characters as the database does: ten Thai letters with marks are ten or more', () => {
    expect(passwordProblem('กิ่งไม้ใบหญ้าริมน้ำ', 'somchai')).toBeNull();
  });

  test('accepts a long uncommon passphrase', () => {
    expect(passwordProblem('ปลาทูแม่กลอง-2569', 'somchai')).toBeNull();
  });
});
