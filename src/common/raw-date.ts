/** A datetime as a raw row gives it back: a Date from mysql2, UTC text ("YYYY-MM-DD HH:MM:SS.SSS") from SQLite. */
export function readDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
