import { fieldLabel } from './field-labels';

const document = {
  memo: { subject: '', body: ['ก', 'ข'] },
  report: {
    title: 'รายงาน',
    sections: [
      { type: 'narrative', body: '' },
      { type: 'measures_table', columns: [{ heading: 'มาตรการ' }], groups: [{ rows: [{ cells: [''] }] }] },
      { type: 'ita_results', tools: [{ code: 'IIT' }] },
    ],
  },
};

describe('fieldLabel', () => {
  test.each([
    ['report.sections.1.columns.5.heading', 'ส่วนที่ 2 (ตารางมาตรการ) › คอลัมน์ที่ 6 › หัวคอลัมน์', 'section 2 (measures table) › column 6 › heading'],
    ['report.sections.1.groups.0.rows.2.cells.1', 'ส่วนที่ 2 (ตารางมาตรการ) › กลุ่มที่ 1 › แถวที่ 3 › คอลัมน์ที่ 2', 'section 2 (measures table) › group 1 › row 3 › column 2'],
    ['report.sections.1.groups.0.rows.2.cells', 'ส่วนที่ 2 (ตารางมาตรการ) › กลุ่มที่ 1 › แถวที่ 3 › จำนวนช่อง', 'section 2 (measures table) › group 1 › row 3 › cells'],
    ['report.sections.1.groups', 'ส่วนที่ 2 (ตารางมาตรการ) › กลุ่มและแถวของตาราง', 'section 2 (measures table) › groups and rows'],
    ['report.sections.2.tools.0.score', 'ส่วนที่ 3 (ผลคะแนน ITA) › คะแนนรายเครื่องมือ แถวที่ 1 › คะแนน', 'section 3 (ITA results) › tool row 1 › score'],
    ['report.sections.0.body', 'ส่วนที่ 1 (ข้อความ) › ข้อความ', 'section 1 (text) › text'],
    ['memo.subject', 'บันทึกข้อความ › เรื่อง', 'memo › subject'],
    ['memo.body.1', 'บันทึกข้อความ › ย่อหน้าที่ 2', 'memo › paragraph 2'],
    ['report.fiscalYear', 'รายงาน › ปีงบประมาณ', 'report › fiscal year'],
    ['(document)', 'เอกสาร', 'document'],
  ])('%s', (path, th, en) => {
    expect(fieldLabel(path, document)).toEqual({ th, en });
  });

  test('v2 ITA scores per tool', () => {
    const doc = { report: { sections: [{ type: 'ita_scores', tools: [{ indicators: [{}, { scores: [1, 2] }] }] }] } };
    expect(fieldLabel('report.sections.0.tools.0.indicators.1.scores.1', doc).th).toBe('ส่วนที่ 1 (คะแนน ITA รายเครื่องมือ) › เครื่องมือที่ 1 › ตัวชี้วัด แถวที่ 2 › คะแนน ปีที่ 2');
  });

  test('a section of a kind it does not know, and a field it does not know, are still placed', () => {
    expect(fieldLabel('report.sections.3.colour', { report: { sections: [{}, {}, {}, { type: 'video' }] } }).th).toBe('ส่วนที่ 4 › colour');
    expect(fieldLabel('report.sections.0.columns.0.heading', {}).th).toBe('ส่วนที่ 1 › คอลัมน์ที่ 1 › หัวคอลัมน์');
  });
});
