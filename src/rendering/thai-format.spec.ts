import { formatScore, formatThaiDate } from './thai-format';

describe('Thai document formatting', () => {
  test('dates in the Buddhist era with the organisation’s digits', () => {
    expect(formatThaiDate('2023-04-04', 'thai')).toBe('๔ เมษายน ๒๕๖๖');
    expect(formatThaiDate('2023-04-04', 'arabic')).toBe('4 เมษายน 2566');
    // 20:00 UTC on 31 March is already 1 April in Bangkok.
    expect(formatThaiDate('2025-03-31T20:00:00Z', 'thai')).toBe('๑ เมษายน ๒๕๖๘');
  });

  test('scores keep two decimals', () => {
    expect(formatScore(81, 'thai')).toBe('๘๑.๐๐');
    expect(formatScore(97.5, 'arabic')).toBe('97.50');
    expect(formatScore(undefined, 'thai')).toBe('');
  });
});
