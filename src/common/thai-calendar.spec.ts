import { bangkokDate, buddhistCalendarYear, gregorianDateProblem, withNumerals } from './thai-calendar';

describe('thai calendar helpers', () => {
  test('the Bangkok date and Buddhist year follow Bangkok time, not UTC', () => {
    // 31 Dec 2025 18:30 UTC is already 1 Jan 2026 01:30 in Bangkok.
    const instant = new Date('2025-12-31T18:30:00Z');
    expect(bangkokDate(instant)).toBe('2026-01-01');
    expect(buddhistCalendarYear(instant)).toBe(2569);
    expect(buddhistCalendarYear(new Date('2025-12-31T16:00:00Z'))).toBe(2568);
  });

  test('numerals convert both ways and leave other text alone', () => {
    expect(withNumerals('นธ 77201/123', 'thai')).toBe('นธ ๗๗๒๐๑/๑๒๓');
    expect(withNumerals('นธ ๗๗๒๐๑/๑๒๓', 'arabic')).toBe('นธ 77201/123');
    expect(withNumerals(2568, 'thai')).toBe('๒๕๖๘');
  });

  test('a date is a real Gregorian day of 1900–2199; a Buddhist-era year is named as the slip it is', () => {
    expect(gregorianDateProblem('2025-04-01')).toBeNull();
    expect(gregorianDateProblem('1900-01-01')).toBeNull();
    expect(gregorianDateProblem('2199-12-31')).toBeNull();
    expect(gregorianDateProblem('2024-02-29')).toBeNull();
    expect(gregorianDateProblem('2025-02-29')?.rule).toBe('date');
    expect(gregorianDateProblem('25-04-01')?.rule).toBe('date');
    expect(gregorianDateProblem('0000-01-01')?.rule).toBe('dateRange');
    expect(gregorianDateProblem('2200-01-01')?.rule).toBe('dateRange');
    expect(gregorianDateProblem('1899-12-31')?.rule).toBe('dateRange');
    const slip = gregorianDateProblem('2568-05-01');
    expect(slip?.rule).toBe('buddhistYear');
    expect(slip?.message.th).toBe('ปี 2568 เป็นปี พ.ศ. วันที่ต้องใช้ปี ค.ศ. (2025)');
    expect(gregorianDateProblem('2443-01-01')?.rule).toBe('buddhistYear');
    expect(gregorianDateProblem('2743-01-01')?.rule).toBe('dateRange');
  });
});
