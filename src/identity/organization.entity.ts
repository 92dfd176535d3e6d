import { Column, Entity } from 'typeorm';
import { portable, Timestamped } from '../database/columns';

export const ORGANIZATION_KINDS = {
  sao: { th: 'องค์การบริหารส่วนตำบล', short: 'อบต.' },
  subdistrict_municipality: { th: 'เทศบาลตำบล', short: 'ทต.' },
  town_municipality: { th: 'เทศบาลเมือง', short: 'ทม.' },
  city_municipality: { th: 'เทศบาลนคร', short: 'ทน.' },
} as const;
export type OrganizationKind = keyof typeof ORGANIZATION_KINDS;

export const NUMERAL_STYLES = ['thai', 'arabic'] as const;
export type NumeralStyle = (typeof NUMERAL_STYLES)[number];

@Entity('organizations')
export class Organization extends Timestamped {
  /** Used in public URLs (`/p/{slug}/…`). */
  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  /** e.g. องค์การบริหารส่วนตำบลพร่อน */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** e.g. อบต.พร่อน */
  @Column({ type: 'varchar', length: 100 })
  shortName: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganizationKind;

  @Column({ type: 'varchar', length: 100 })
  district: string;

  @Column({ type: 'varchar', length: 100 })
  province: string;

  /** The code that starts every document number, e.g. นธ ๗๗๒๐๑ */
  @Column({ type: 'varchar', length: 50 })
  letterCode: string;

  @Column({ type: 'varchar', length: 10, default: 'thai' })
  numerals: NumeralStyle;

  @Column({ type: 'varchar', length: 100, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  /** Days a memo may wait at one step before it shows as overdue. */
  @Column({ type: 'int', default: 3 })
  overdueDays: number;

  /** รหัส อปท.: the DLA's code for a local administrative organisation; the key of bulk imports. */
  @Column({ type: 'varchar', length: 20, nullable: true, unique: true })
  dlaCode: string | null;

  /** Set while the platform operator has suspended the organisation: nobody of it signs in, its public pages answer 410. */
  @Column({ ...portable.datetime, nullable: true })
  suspendedAt: Date | null;

  @Column({ ...portable.blob, nullable: true, select: false })
  emblem: Buffer | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  emblemType: string | null;

  /**
   * The organisation's own Thai words (place names, its units) that a line of its PDFs must not break inside,
   * beside the shared word list; stored one a line.
   */
  @Column({
    ...portable.text,
    nullable: true,
    transformer: {
      to: (words: string[] | null | undefined) => (words === undefined ? undefined : words && words.length > 0 ? words.join('\n') : null),
      from: (text: string | null) => (text ? text.split('\n').filter((word) => word !== '') : []),
    },
  })
  words: string[];
}
