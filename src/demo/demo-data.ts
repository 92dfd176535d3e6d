import type { NewOrganization, NewPerson } from '../organizations/organizations.service';
import type { Position } from '../identity/position.entity';

/**
 * The demo organisation, modelled on the routed memo in the seeds (อบต.พร่อน, อำเภอตากใบ จังหวัดนราธิวาส):
 * its section head, ปลัด and นายก are the people who sign that memo. The webmaster and the admin are invented.
 */
export const DEMO_ORGANIZATION: NewOrganization = {
  slug: 'phron',
  name: 'องค์การบริหารส่วนตำบลพร่อน',
  shortName: 'อบต.พร่อน',
  kind: 'sao',
  district: 'ตากใบ',
  province: 'นราธิวาส',
  letterCode: 'นธ ๗๗๒๐๑',
  numerals: 'thai',
  phone: null,
  website: null,
};

export const DEMO_POSITIONS: Pick<Position, 'title' | 'shortTitle' | 'unit'>[] = [
  { title: 'หัวหน้าสำนักปลัด', shortTitle: 'หัวหน้าสำนักปลัด', unit: 'สำนักปลัด' },
  { title: 'ปลัดองค์การบริหารส่วนตำบลพร่อน', shortTitle: 'ปลัด อบต.', unit: null },
  { title: 'นายกองค์การบริหารส่วนตำบลพร่อน', shortTitle: 'นายก อบต.พร่อน', unit: null },
  { title: 'นักวิชาการคอมพิวเตอร์', shortTitle: 'นักวิชาการคอมพิวเตอร์', unit: 'สำนักปลัด' },
];

export type DemoPerson = Omit<NewPerson, 'password'> & { roleName: string };

export const DEMO_PEOPLE: DemoPerson[] = [
  { honorific: 'นาง', fullName: 'สุจิน สาศรีสุข', username: 'sujin', roles: ['author'], position: 0, roleName: 'ผู้จัดทำ (หัวหน้าสำนักปลัด)' },
  { honorific: 'นาง', fullName: 'อรทัย ทองคุปต์', username: 'orathai', roles: ['reviewer'], position: 1, roleName: 'ปลัด อบต.' },
  { honorific: 'นาย', fullName: 'กาหลง แดงสุวรรณ', username: 'kalong', roles: ['reviewer'], position: 2, roleName: 'นายก อบต.' },
  { honorific: 'นางสาว', fullName: 'วิไลวรรณ ใจดี', username: 'wilaiwan', roles: ['webmaster'], position: 3, roleName: 'ผู้ดูแลเว็บไซต์' },
  { honorific: 'นาย', fullName: 'สมชาย ดูแลระบบ', username: 'admin', roles: ['admin'], roleName: 'ผู้ดูแลระบบ' },
];

/** ปลัด, then นายก (indices into DEMO_POSITIONS). */
export const DEMO_ROUTE = [1, 2];
