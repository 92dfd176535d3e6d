import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Timestamped } from '../database/columns';
import { Organization } from './organization.entity';

/** An office such as หัวหน้าสำนักปลัด or ปลัด อบต.; at most one person holds it at a time (users.position_id is unique). */
@Entity('positions')
@Index(['organizationId', 'title'], { unique: true })
export class Position extends Timestamped {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** Full title as signed under a name, e.g. ปลัดองค์การบริหารส่วนตำบลพร่อน */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Short title used in headings and "ผ่าน" lines, e.g. ปลัด อบต. */
  @Column({ type: 'varchar', length: 100 })
  shortTitle: string;

  /** The section the office belongs to, e.g. สำนักปลัด; used as the memo's ส่วนราชการ. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  unit: string | null;
}
