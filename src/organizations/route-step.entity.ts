import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Identified } from '../database/columns';
import { Position } from '../identity/position.entity';

/** One reviewing step of the organisation's approval route (e.g. 1 = ปลัด อบต., 2 = นายก อบต.). */
@Entity('route_steps')
@Index(['organizationId', 'ordinal'], { unique: true })
export class RouteStep extends Identified {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** 1-based order along the route. */
  @Column({ type: 'int' })
  ordinal: number;

  @Column({ type: 'varchar', length: 36 })
  positionId: string;

  @ManyToOne(() => Position, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'position_id' })
  position?: Position;
}
