import { MigrationInterface, QueryRunner } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DEFAULT_ITA_ITEMS } from '../src/organizations/ita-defaults';
import { columnKit, createTable } from './support';

/** Rendered PDFs, ITA item mapping, publications and signing certificates. */
export class Publication1763810000000 implements MigrationInterface {
  name = 'Publication1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'ita_items',
      columns: [c.id(), c.ref('organization_id'), c.int('fiscal_year'), c.varchar('code', 20), c.varchar('title', 300), c.varchar('report_kind', 20, true)],
      indices: [{ columns: ['organization_id', 'fiscal_year', 'code'], unique: true }],
      foreignKeys: [{ columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'rendered_documents',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('memo_id'),
        c.int('round'),
        c.varchar('storage_key', 250),
        c.varchar('sha256', 64),
        c.int('size'),
        c.int('pages'),
        c.varchar('template_version', 40),
        c.datetime('created_at'),
      ],
      indices: [{ columns: ['memo_id', 'round'], unique: true }],
      foreignKeys: [{ columns: ['memo_id'], table: 'memos', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'publications',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('memo_id'),
        c.int('fiscal_year'),
        c.varchar('ita_item_code', 20, true),
        c.varchar('title', 300),
        c.varchar('slug', 80),
        c.varchar('status', 12),
        c.varchar('storage_key', 250),
        c.varchar('sha256', 64),
        c.int('size'),
        c.int('pages'),
        c.varchar('document_number', 100, true),
        c.datetime('approved_at', true),
        c.text('approval_trail'),
        c.datetime('published_at'),
        c.ref('published_by'),
        c.datetime('withdrawn_at', true),
        c.text('withdrawn_reason', true),
        c.ref('superseded_by_id', true),
        c.ref('supersedes_id', true),
      ],
      indices: [
        { columns: ['organization_id', 'fiscal_year', 'slug'], unique: true },
        { columns: ['sha256'] },
        { columns: ['organization_id', 'status', 'fiscal_year'] },
      ],
      foreignKeys: [
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['memo_id'], table: 'memos', onDelete: 'RESTRICT' },
      ],
    });
    await createTable(queryRunner, {
      name: 'organization_certificates',
      columns: [
        { ...c.ref('organization_id'), isPrimary: true },
        { ...c.blob('p12'), isNullable: false },
        c.varchar('passphrase', 200),
        c.varchar('subject', 300),
        c.datetime('not_after'),
        c.boolean('self_signed', false),
        c.datetime('created_at'),
      ],
      foreignKeys: [{ columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' }],
    });
    // Organisations that exist already get the default item mapping.
    const organizations: { id: string }[] = await queryRunner.query('SELECT id FROM organizations');
    for (const { id } of organizations) {
      for (const item of DEFAULT_ITA_ITEMS) {
        await queryRunner.query('INSERT INTO ita_items (id, organization_id, fiscal_year, code, title, report_kind) VALUES (?, ?, ?, ?, ?, ?)', [
          randomUUID(),
          id,
          item.fiscalYear,
          item.code,
          item.title,
          item.reportKind,
        ]);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['organization_certificates', 'publications', 'rendered_documents', 'ita_items']) await queryRunner.dropTable(table);
  }
}
