import seed003 from '../../test/fixtures/seed-003-memo-implementation.json';
import { validateDocument } from '../reports/document-validation';
import { defaultMemo, type MemoContext } from './memo-defaults';

const context = (route: MemoContext['route']): MemoContext => ({
  organization: { name: 'องค์การบริหารส่วนตำบลพร่อน', phone: null },
  author: { displayName: 'นางสาวสุจิน ใจดี', positionTitle: 'หัวหน้าสำนักปลัด', unit: 'สำนักปลัด' },
  route,
});

describe('a new memo’s defaults', () => {
  test('เรียน the last reviewer, ผ่าน the ones before', () => {
    const memo = defaultMemo({ title: 'รายงานผล' }, context([
      { title: 'ปลัดองค์การบริหารส่วนตำบลพร่อน', shortTitle: 'ปลัด อบต.' },
      { title: 'รองนายกองค์การบริหารส่วนตำบลพร่อน', shortTitle: 'รองนายก อบต.' },
      { title: 'นายกองค์การบริหารส่วนตำบลพร่อน', shortTitle: 'นายก อบต.' },
    ]));
    expect(memo.addressee).toBe('นายกองค์การบริหารส่วนตำบลพร่อน');
    expect(memo.via).toBe('ปลัด อบต. และ รองนายก อบต.');
  });

  test('the longest route the settings allow still gives a memo that passes the format', () => {
    // Ten steps (the most a route may have), each short title at its 100-character limit, emoji included.
    const route = Array.from({ length: 10 }, (_, i) => ({ title: 'ต'.repeat(200), shortTitle: `${i}`.padEnd(98, 'ป') + '😀' }));
    const memo = defaultMemo({ title: 'ร'.repeat(250) }, context(route));
    expect(Array.from(memo.via!)).toHaveLength(500);
    expect(memo.via!.endsWith('…')).toBe(true);
    expect(() => validateDocument({ ...structuredClone(seed003), memo })).not.toThrow();
  });
});
