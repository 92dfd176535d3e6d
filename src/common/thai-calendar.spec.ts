import { bangkokDate, buddhistCalendarYear, withNumerals } from './thai-calendar';

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
});
