import { formatScore, formatThaiDate, toNumerals } from './thai-format';

describe('formatThaiDate', () => {
  test('day, Thai month name and Buddhist-era year in the organisation’s digits', () => {
    expect(formatThaiDate('2023-04-04', 'thai')).toBe('๔ เมษายน ๒๕๖๖');
    expect(formatThaiDate('2023-04-04', 'arabic')).toBe('4 เมษายน 2566');
    expect(formatThaiDate('2024-12-31', 'thai')).toBe('๓๑ ธันวาคม ๒๕๖๗');
  });

  test('a date-time is the day it was in Thailand', () => {
    // 20:00 UTC on 31 March is already 1 April in Bangkok; 23:30 in Bangkok is still the same day.
    expect(formatThaiDate('2025-03-31T20:00:00Z', 'thai')).toBe('๑ เมษายน ๒๕๖๘');
    expect(formatThaiDate('2025-03-31T23:30:00+07:00', 'arabic')).toBe('31 มีนาคม 2568');
  });

  test('a string that is not a date gives nothing rather than "Invalid Date"', () => {
    expect(formatThaiDate('not a date', 'thai')).toBe('');
  });
});

describe('toNumerals', () => {
  test('numbers', () => {
    expect(toNumerals(2566, 'thai')).toBe('๒๕๖๖');
    expect(toNumerals(2566, 'arabic')).toBe('2566');
    expect(toNumerals(10, 'thai')).toBe('๑๐');
  });

  test('digits inside generated text, either way, leaving the rest alone', () => {
    expect(toNumerals('1)', 'thai')).toBe('๑)');
    expect(toNumerals('- 12 -', 'thai')).toBe('- ๑๒ -');
    expect(toNumerals('ปี ๒๕๖๗ และ 2568', 'arabic')).toBe('ปี 2567 และ 2568');
    expect(toNumerals('ปี ๒๕๖๗ และ 2568', 'thai')).toBe('ปี ๒๕๖๗ และ ๒๕๖๘');
    expect(toNumerals('ITA', 'thai')).toBe('ITA');
  });
});

describe('formatScore', () => {
  test('always two decimals', () => {
    expect(formatScore(81, 'thai')).toBe('๘๑.๐๐');
    expect(formatScore(97.5, 'arabic')).toBe('97.50');
    expect(formatScore(100, 'thai')).toBe('๑๐๐.๐๐');
    expect(formatScore(94.98, 'arabic')).toBe('94.98');
  });

  test('rounded, not truncated', () => {
    expect(formatScore(85.996, 'arabic')).toBe('86.00');
  });
});
