import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnKit, createTable } from './support';

/** The approval workflow: state on the memo, reviews, audit chain, outbox, register, acting orders, idempotency. */
export class Workflow1763800000000 implements MigrationInterface {
  name = 'Workflow1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumns('memos', [
      new TableColumn(c.longText('workflow_snapshot', true)),
      new TableColumn(c.varchar('machine_version', 40, true)),
      new TableColumn(c.text('route', true)),
      new TableColumn(c.int('current_step', undefined, true)),
      new TableColumn(c.ref('current_position_id', true)),
      new TableColumn(c.int('round', 0)),
      new TableColumn(c.datetime('step_entered_at', true)),
      new TableColumn(c.datetime('approved_at', true)),
    ]);
    await queryRunner.query(`CREATE INDEX IDX_memos_current_position ON memos (organization_id, current_position_id)`);
    await createTable(queryRunner, {
      name: 'memo_reviews',
      columns: [
        c.id(),
        c.ref('memo_id'),
        c.ref('organization_id'),
        c.int('round'),
        c.int('ordinal'),
        c.ref('position_id'),
        c.varchar('heading', 250),
        c.varchar('action', 20),
        c.text('comment'),
        c.ref('signer_id'),
        c.varchar('signer_name', 250),
        c.varchar('signer_position', 250),
        c.varchar('acting_for', 300, true),
        c.blob('signature'),
        c.varchar('signature_type', 50, true),
        c.datetime('signed_at'),
      ],
      indices: [{ columns: ['memo_id', 'round', 'ordinal'] }],
      foreignKeys: [{ columns: ['memo_id'], table: 'memos', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'audit_events',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('memo_id'),
        c.int('seq'),
        c.ref('actor_id'),
        c.varchar('acting_for', 300, true),
        c.varchar('event', 20),
        c.varchar('from_state', 20),
        c.varchar('to_state', 20),
        c.int('from_step', undefined, true),
        c.int('to_step', undefined, true),
        c.varchar('outcome', 10),
        c.text('comment', true),
        c.varchar('ip', 64, true),
        c.varchar('user_agent', 300, true),
        c.datetime('created_at'),
        c.varchar('prev_hash', 64),
        c.varchar('hash', 64),
      ],
      indices: [{ columns: ['memo_id', 'seq'], unique: true }, { columns: ['organization_id', 'created_at'] }],
      foreignKeys: [{ columns: ['memo_id'], table: 'memos', onDelete: 'RESTRICT' }],
    });
    await createTable(queryRunner, {
      name: 'outbox_jobs',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.varchar('kind', 20),
        c.text('payload'),
        c.varchar('dedupe_key', 200),
        c.varchar('status', 10, false, 'pending'),
        c.int('attempts', 0),
        c.datetime('run_after'),
        c.varchar('locked_by', 64, true),
        c.datetime('locked_until', true),
        c.text('last_error', true),
        c.datetime('created_at'),
        c.datetime('done_at', true),
      ],
      indices: [{ columns: ['dedupe_key'], unique: true }, { columns: ['status', 'run_after'] }],
    });
    await createTable(queryRunner, {
      name: 'document_registers',
      columns: [
        { ...c.ref('organization_id'), isPrimary: true },
        { ...c.int('year'), isPrimary: true },
        c.int('last_number'),
      ],
      foreignKeys: [{ columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'acting_assignments',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('position_id'),
        c.ref('user_id'),
        c.varchar('kind', 20),
        c.varchar('order_number', 100),
        c.varchar('starts_on', 10),
        c.varchar('ends_on', 10),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [{ columns: ['organization_id', 'user_id'] }, { columns: ['organization_id', 'position_id'] }],
      foreignKeys: [
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['position_id'], table: 'positions', onDelete: 'CASCADE' },
        { columns: ['user_id'], table: 'users', onDelete: 'CASCADE' },
      ],
    });
    await createTable(queryRunner, {
      name: 'idempotency_keys',
      columns: [
        { ...c.ref('user_id'), isPrimary: true },
        { ...c.varchar('key', 100), isPrimary: true },
        c.varchar('request_hash', 64),
        c.int('status'),
        c.longText('body'),
        c.datetime('created_at'),
      ],
      foreignKeys: [{ columns: ['user_id'], table: 'users', onDelete: 'CASCADE' }],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'acting_assignments', 'document_registers', 'outbox_jobs', 'audit_events', 'memo_reviews']) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropIndex('memos', 'IDX_memos_current_position');
    for (const column of ['approved_at', 'step_entered_at', 'round', 'current_position_id', 'current_step', 'route', 'machine_version', 'workflow_snapshot']) {
      await queryRunner.dropColumn('memos', column);
    }
  }
}
