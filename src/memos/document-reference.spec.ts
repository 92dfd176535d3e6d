import { documentReference } from './document-reference';

describe('documentReference', () => {
  it('shows the register year in the digits the number is written in', () => {
    expect(documentReference('นธ ๗๗๒๐๑/๑', 2569)).toBe('นธ ๗๗๒๐๑/๑ (พ.ศ. ๒๕๖๙)');
    expect(documentReference('นธ 77201/1', 2570)).toBe('นธ 77201/1 (พ.ศ. 2570)');
  });

  it('is empty for a memo not yet numbered, and the bare number when its year is unknown', () => {
    expect(documentReference(null, 2569)).toBe('');
    expect(documentReference('นธ ๗๗๒๐๑/๑', null)).toBe('นธ ๗๗๒๐๑/๑');
  });
});
