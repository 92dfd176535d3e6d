import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { buddhistCalendarYear } from '../common/thai-calendar';
import { ItaItem } from './ita-item.entity';
import { OrganizationCertificate } from './organization-certificate.entity';
import { User } from '../identity/user.entity';
import { Organization } from '../identity/organization.entity';
import { Position } from '../identity/position.entity';
import { RouteStep } from './route-step.entity';

export type ChecklistKey = 'profile' | 'emblem' | 'route' | 'people' | 'certificate' | 'itaItems';

export interface ChecklistLine {
  key: ChecklistKey;
  done: boolean;
  /** What the line asks, Thai first. */
  title: string;
  titleEn: string;
  /** What is still missing, or how it stands; Thai. */
  detail: string;
  /** Where to do it. */
  href: string;
}

/** The fiscal year (ปีงบประมาณ, พ.ศ.) of a day: from 1 October it is the next calendar year's. */
export function fiscalYearOf(at: Date): number {
  const month = Number(new Intl.DateTimeFormat('en-US', { month: 'numeric', timeZone: 'Asia/Bangkok' }).format(at));
  return buddhistCalendarYear(at) + (month >= 10 ? 1 : 0);
}

/**
 * What a new organisation's admin does before its people can work, each line ticked from the data as it stands (no
 * box to tick by hand): the profile with its letter code, the emblem, positions and the route, the people (an author,
 * a webmaster, someone in each position of the route — invited counts), the seal certificate, and the ITA items of
 * the current fiscal year.
 */
@Injectable()
export class SetupChecklist {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(auth: AuthContext, at = new Date()): Promise<{ complete: boolean; fiscalYear: number; lines: ChecklistLine[] }> {
    requireRole(auth, 'admin');
    const organizationId = auth.organizationId;
    const fiscalYear = fiscalYearOf(at);
    const [organization, positions, route, people, certificate, items] = await Promise.all([
      this.dataSource.getRepository(Organization).findOneOrFail({ where: { id: organizationId }, select: { id: true, name: true, district: true, province: true, letterCode: true, emblemType: true } }),
      this.dataSource.getRepository(Position).countBy({ organizationId }),
      this.dataSource.getRepository(RouteStep).find({ where: { organizationId } }),
      this.dataSource.getRepository(User).find({ where: { organizationId, active: true } }),
      this.dataSource.getRepository(OrganizationCertificate).findOneBy({ organizationId }),
      this.dataSource.getRepository(ItaItem).countBy({ organizationId, fiscalYear }),
    ]);
    const held = new Set(people.map((p) => p.positionId).filter(Boolean));
    const unheld = route.filter((step) => !held.has(step.positionId)).length;
    const unheldTitles = unheld ? (await this.dataSource.getRepository(Position).findBy({ id: In(route.filter((s) => !held.has(s.positionId)).map((s) => s.positionId)) })).map((p) => p.title) : [];
    const has = (role: string) => people.some((p) => p.roles.includes(role as never));
    const missingPeople = [...(has('author') ? [] : ['ผู้จัดทำ']), ...(has('webmaster') ? [] : ['ผู้ดูแลเว็บไซต์']), ...unheldTitles.map((t) => `ผู้ดำรงตำแหน่ง ${t}`)];
    const certificateValid = certificate !== null && certificate.notAfter.getTime() > at.getTime();
    const lines: ChecklistLine[] = [
      {
        key: 'profile',
        done: Boolean(organization.letterCode.trim() && organization.name.trim() && organization.district.trim() && organization.province.trim()),
        title: 'ข้อมูลหน่วยงานและรหัสหนังสือ (ที่)',
        titleEn: 'Profile and letter code',
        detail: organization.letterCode.trim() ? `รหัสหนังสือ ${organization.letterCode}` : 'ยังไม่มีรหัสหนังสือ (ใช้ขึ้นต้นเลขที่หนังสือ เช่น นธ ๗๗๒๐๑)',
        href: '/admin#org',
      },
      { key: 'emblem', done: organization.emblemType !== null, title: 'ตราครุฑ', titleEn: 'Emblem', detail: organization.emblemType ? 'อัปโหลดแล้ว' : 'ยังไม่ได้อัปโหลด (มุมบนซ้ายของบันทึกข้อความ)', href: '/admin#org' },
      {
        key: 'route',
        done: positions > 0 && route.length > 0,
        title: 'ตำแหน่งและเส้นทางเสนอแฟ้ม',
        titleEn: 'Positions and approval route',
        detail: route.length ? `${positions} ตำแหน่ง · เส้นทาง ${route.length} ขั้น` : `${positions} ตำแหน่ง · ยังไม่กำหนดเส้นทาง`,
        href: '/admin#route',
      },
      {
        key: 'people',
        done: route.length > 0 && missingPeople.length === 0,
        title: 'เชิญบุคลากร',
        titleEn: 'People invited',
        detail: missingPeople.length ? `ยังขาด: ${missingPeople.join(', ')}` : `${people.length} คน (รวมผู้ที่ยังไม่ตอบรับคำเชิญ)`,
        href: '/admin#invite',
      },
      {
        key: 'certificate',
        done: certificateValid,
        title: 'ใบรับรองสำหรับลงนามเอกสาร',
        titleEn: 'Seal certificate',
        detail: !certificate ? 'ยังไม่มี' : !certificateValid ? 'หมดอายุแล้ว' : certificate.selfSigned ? 'มีแล้ว (ใบรับรองตัวอย่าง self-signed ควรเปลี่ยนเป็นใบรับรองจริง)' : `มีแล้ว: ${certificate.subject}`,
        href: '/admin#seal',
      },
      {
        key: 'itaItems',
        done: items > 0,
        title: `รายการ ITA ของปีงบประมาณ ${fiscalYear}`,
        titleEn: `ITA items of fiscal year ${fiscalYear}`,
        detail: items ? `${items} รายการ` : `ยังไม่มีรายการของปี ${fiscalYear} (ข้อ OIT ที่เอกสารตอบ)`,
        href: '/admin#ita',
      },
    ];
    return { complete: lines.every((l) => l.done), fiscalYear, lines };
  }
}
