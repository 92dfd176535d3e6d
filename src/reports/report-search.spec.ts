import { CommonTrigrams } from './report-search';

describe('the trigrams remembered as common', () => {
  test('a verdict holds for its bound or a lower one, until it expires', () => {
    const common = new CommonTrigrams();
    common.remember('org report_trigrams การ', 200, 0);
    expect(common.has('org report_trigrams การ', 200, 1000)).toBe(true);
    expect(common.has('org report_trigrams การ', 50, 1000)).toBe(true);
    expect(common.has('org report_trigrams การ', 201, 1000)).toBe(false);
    expect(common.has('org report_head_trigrams การ', 200, 1000)).toBe(false);
    expect(common.has('org report_trigrams การ', 200, 10 * 60_000)).toBe(false);
    // Gone once expired, even for a later question within the old time.
    expect(common.has('org report_trigrams การ', 200, 1000)).toBe(false);
  });

  test('keeps at most 20,000, forgetting the oldest first; remembering again makes one the newest', () => {
    const common = new CommonTrigrams();
    for (let i = 0; i < 20_000; i++) common.remember(`org report_trigrams ${i}`, 200, 0);
    common.remember('org report_trigrams 0', 200, 0);
    common.remember('org report_trigrams new', 200, 0);
    expect(common.has('org report_trigrams 0', 200, 1)).toBe(true);
    expect(common.has('org report_trigrams 1', 200, 1)).toBe(false);
    expect(common.has('org report_trigrams 2', 200, 1)).toBe(true);
    expect(common.has('org report_trigrams new', 200, 1)).toBe(true);
  });
});
