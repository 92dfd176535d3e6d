import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';

export type ReviewAction = 'FORWARD' | 'APPROVE' | 'RETURN' | 'REJECT';

/**
 * What one reviewer did at one step: the comment, who signed and as what, and a copy of the signature image as it
 * was at that moment. The memo's comment blocks (ความเห็น …) are built from these rows.
 */
@Entity('memo_reviews')
@Index(['memoId', 'round', 'ordinal'])
export class MemoReview extends Identified {
  @Column({ type: 'varchar', length: 36 })
  memoId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'int' })
  round: number;

  /** 0-based step of the route. */
  @Column({ type: 'int' })
  ordinal: number;

  @Column({ type: 'varchar', length: 36 })
  positionId: string;

  /** e.g. ความเห็นปลัด อบต. */
  @Column({ type: 'varchar', length: 250 })
  heading: string;

  @Column({ type: 'varchar', length: 20 })
  action: ReviewAction;

  @Column({ type: 'text' })
  comment: string;

  @Column({ type: 'varchar', length: 36 })
  signerId: string;

  /** With honorific: นางอรทัย ทองคุปต์ */
  @Column({ type: 'varchar', length: 250 })
  signerName: string;

  /** The signer's own position, or the position of the step when acting. */
  @Column({ type: 'varchar', length: 250 })
  signerPosition: string;

  /** "รักษาราชการแทน ปลัด…" with the order number, when signed as acting. Up to 320 characters (migration 1763830000000-ActingLineWidth). */
  @Column({ type: 'varchar', length: 400, nullable: true })
  actingFor: string | null;

  @Column({ ...portable.blob, nullable: true, select: false })
  signature: Buffer | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  signatureType: string | null;

  @Column(portable.datetime)
  signedAt: Date;
}
