import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { likePattern, trigramsOf } from './search-text';

/** How this database indexes `search_text` (migration 1765000000000-ReportSearchIndex). */
export type SearchEngine = 'sqlite-fts5' | 'mysql-ngram' | 'mariadb-trigrams';

/** A term of fewer characters than this has no n-gram to look up: it is matched by LIKE alone. */
const SHORTEST_INDEXED = { 'sqlite-fts5': 3, 'mysql-ngram': 2, 'mariadb-trigrams': 3 } as const;

/**
 * Thai search over the n-gram index of each dialect. The index narrows the documents to those that may contain
 * every term; an exact substring test (byte-wise, so every database agrees) then decides. Results are ranked the
 * same way everywhere — by where the first term first occurs (the title and subject lead the text), then newest
 * first — and carry a snippet around that occurrence for highlighting.
 */
@Injectable()
export class ReportSearch {
  private engine: Promise<SearchEngine> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Decided by what the database has, not by its version: a dump restored elsewhere keeps its own index. */
  engineOf(): Promise<SearchEngine> {
    this.engine ??= (async (): Promise<SearchEngine> => {
      if (this.dataSource.options.type !== 'mysql') return 'sqlite-fts5';
      const [{ n }] = await this.dataSource.query(
        `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'report_trigrams'`,
      );
      return Number(n) > 0 ? 'mariadb-trigrams' : 'mysql-ngram';
    })();
    return this.engine;
  }

  /** Keeps the side index in step with a document's text, in the caller's transaction (MariaDB only). */
  async write(manager: EntityManager, report: { id: string; organizationId: string; searchText: string }, created = false): Promise<void> {
    if ((await this.engineOf()) !== 'mariadb-trigrams') return;
    // A new document has no rows to delete, and the DELETE's gap locks would make concurrent imports deadlock.
    if (!created) await manager.query('DELETE FROM report_trigrams WHERE report_id = ?', [report.id]);
    const grams = trigramsOf(report.searchText);
    for (let i = 0; i < grams.length; i += 1000) {
      const chunk = grams.slice(i, i + 1000);
      await manager.query(
        `INSERT INTO report_trigrams (organization_id, trigram, report_id) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        chunk.flatMap((gram) => [report.organizationId, gram, report.id]),
      );
    }
  }

  /**
   * Whether one of the terms' trigrams occurs in none of the organisation's documents: one index key read per
   * trigram (an EXISTS each; a GROUP BY over them reads every document's key of a common trigram).
   */
  private async someTrigramAbsent(organizationId: string, terms: string[]): Promise<boolean> {
    const grams = [...new Set(terms.flatMap(trigramsOf))];
    if (grams.length === 0) return false;
    const rows: { present: number | string }[] = await this.dataSource.query(
      grams.map(() => 'SELECT EXISTS (SELECT 1 FROM report_trigrams WHERE organization_id = ? AND trigram = ?) AS present').join(' UNION ALL '),
      grams.flatMap((gram) => [organizationId, gram]),
    );
    return rows.some((row) => Number(row.present) === 0);
  }

  /**
   * Restricts `qb` (alias `report`) to documents of `organizationId` containing every term, and adds the rank and
   * snippet columns (`search_rank`, `search_snippet`) and returns the rank's SQL (for a keyset: WHERE cannot name
   * the alias), or null without terms. Terms are normalised (search-text.ts).
   */
  async restrict(qb: SelectQueryBuilder<ObjectLiteral>, organizationId: string, terms: string[]): Promise<string | null> {
    if (terms.length === 0) return null;
    const engine = await this.engineOf();
    const mysql = engine !== 'sqlite-fts5';
    const binary = mysql ? ' COLLATE utf8mb4_bin' : '';
    const indexed = terms.filter((term) => [...term].length >= SHORTEST_INDEXED[engine]);
    if (engine === 'sqlite-fts5' && indexed.length > 0) {
      // MATCH, not LIKE: FTS5 reads a LIKE with an ESCAPE clause row by row from the content table, index unused.
      const phrases = indexed.map((term) => `"${term.replace(/"/g, '""')}"`).join(' AND ');
      qb.andWhere('report.rowid IN (SELECT rowid FROM report_search WHERE report_search MATCH :phrases)', { phrases });
    }
    if (engine === 'mysql-ngram' && indexed.length > 0) {
      // Each term a phrase of its bigrams, all required. Double quotes cannot occur in a normalised term's phrase.
      const against = indexed.map((term) => `+"${term.replace(/"/g, ' ')}"`).join(' ');
      qb.andWhere('MATCH (report.search_text) AGAINST (:against IN BOOLEAN MODE)', { against });
    }
    if (engine === 'mariadb-trigrams' && (await this.someTrigramAbsent(organizationId, indexed))) {
      // A trigram no document of the organisation has: nothing can match, and the grouping below need not run
      // (for a phrase of common trigrams it reads every document's rows of each: 0.65 s in an organisation of 2,000).
      qb.andWhere('1 = 0');
    } else if (engine === 'mariadb-trigrams') {
      indexed.forEach((term, i) => {
        const grams = trigramsOf(term);
        qb.andWhere(
          `report.id IN (SELECT report_id FROM report_trigrams WHERE organization_id = :searchOrg AND trigram IN (:...grams${i}) GROUP BY report_id HAVING COUNT(*) = :gramCount${i})`,
          { searchOrg: organizationId, [`grams${i}`]: grams, [`gramCount${i}`]: grams.length },
        );
      });
    }
    terms.forEach((term, i) => {
      qb.andWhere(`report.search_text${binary} LIKE :term${i} ESCAPE '!'`, { [`term${i}`]: likePattern(term) });
    });
    const position = `INSTR(report.search_text${binary}, :rankTerm)`;
    qb.setParameter('rankTerm', terms[0]);
    qb.addSelect(position, 'search_rank');
    qb.addSelect(`SUBSTR(report.search_text, CASE WHEN ${position} > 40 THEN ${position} - 40 ELSE 1 END, ${[...terms[0]].length + 80})`, 'search_snippet');
    return position;
  }
}
