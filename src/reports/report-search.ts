import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Report } from './report.entity';
import { likePattern, trigramsOf } from './search-text';

/** How this database indexes `search_text` (migration 1765000000000-ReportSearchIndex). */
export type SearchEngine = 'sqlite-fts5' | 'mysql-ngram' | 'mariadb-trigrams';

/** A term of fewer characters than this has no n-gram to look up: it is matched by LIKE alone. */
const SHORTEST_INDEXED = { 'sqlite-fts5': 3, 'mysql-ngram': 2, 'mariadb-trigrams': 3 } as const;

/** MariaDB: a trigram held by at most this many of the organisation's documents narrows a search to them. */
const BOUNDED = 200;
/** MariaDB: how many of the rarest trigrams (each held by at most BOUNDED documents) a search narrows by. */
const RAREST = 3;

/**
 * Thai search over the n-gram index of each dialect. The index narrows the documents to those that may contain
 * every term; an exact substring test (byte-wise, so every database agrees) then decides. Results are ranked the
 * same way everywhere — the documents whose title or subject holds the first term first, then the others, each
 * newest first — and carry a snippet around the first term's first occurrence for highlighting.
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
   * How many documents of the organisation hold each trigram, counted up to BOUNDED + 1 only: one short range of the
   * index per trigram, however common it is (a COUNT of the whole range would read every document's key of it).
   */
  private async trigramCounts(organizationId: string, grams: string[]): Promise<Map<string, number>> {
    const rows: { n: number | string }[] = await this.dataSource.query(
      grams.map(() => `SELECT COUNT(*) AS n FROM (SELECT 1 FROM report_trigrams WHERE organization_id = ? AND trigram = ? LIMIT ${BOUNDED + 1}) x`).join(' UNION ALL '),
      grams.flatMap((gram) => [organizationId, gram]),
    );
    return new Map(grams.map((gram, i) => [gram, Number(rows[i].n)]));
  }

  /**
   * The organisation's documents containing every term, as the parts of one list in rank order (each to be read
   * newest first, `updated_at DESC, id DESC`, so that the (organization_id, updated_at, id) index gives the order and
   * a page reads only as far as it needs): first those whose title or subject (`search_head`) holds the first term,
   * then the others. Both carry the snippet column `search_snippet`. Null without terms. Terms are normalised
   * (search-text.ts). `qb` (alias `report`) is not changed: each part is a copy.
   *
   * The substring tests read `search_text` through a join of the document to itself (alias `report_text`): InnoDB
   * reads every off-page column a query names for each row it reads, so a text named in the scanned row would be read
   * (tens of kB) before the cheap title test could skip it; joined, it is read only for the rows that reach it.
   */
  async restrict(qb: SelectQueryBuilder<ObjectLiteral>, organizationId: string, terms: string[]): Promise<SelectQueryBuilder<ObjectLiteral>[] | null> {
    if (terms.length === 0) return null;
    const engine = await this.engineOf();
    const mysql = engine !== 'sqlite-fts5';
    const binary = mysql ? ' COLLATE utf8mb4_bin' : '';
    const indexed = terms.filter((term) => [...term].length >= SHORTEST_INDEXED[engine]);
    const base = qb.clone().innerJoin(Report, 'report_text', 'report_text.id = report.id');
    if (engine === 'sqlite-fts5' && indexed.length > 0) {
      // MATCH, not LIKE: FTS5 reads a LIKE with an ESCAPE clause row by row from the content table, index unused.
      // Kept whatever the count: SQLite sorts the page anyway (see pagination.ts `comparable`), so it cannot stream.
      const phrases = indexed.map((term) => `"${term.replace(/"/g, '""')}"`).join(' AND ');
      base.andWhere('report.rowid IN (SELECT rowid FROM report_search WHERE report_search MATCH :phrases)', { phrases });
    }
    if (engine === 'mysql-ngram' && indexed.length > 0) {
      // Each term a phrase of its bigrams, all required. Double quotes cannot occur in a normalised term's phrase.
      const against = indexed.map((term) => `+"${term.replace(/"/g, ' ')}"`).join(' ');
      base.andWhere('MATCH (report_text.search_text) AGAINST (:against IN BOOLEAN MODE)', { against });
    }
    const grams = [...new Set(indexed.flatMap(trigramsOf))];
    if (engine === 'mariadb-trigrams' && grams.length > 0) {
      const counts = await this.trigramCounts(organizationId, grams);
      const rare = grams.filter((gram) => counts.get(gram)! <= BOUNDED).sort((a, b) => counts.get(a)! - counts.get(b)!).slice(0, RAREST);
      if (grams.some((gram) => counts.get(gram) === 0)) {
        // A trigram no document of the organisation has: nothing can match, and nothing more need be read.
        base.andWhere('1 = 0');
      } else if (rare.length > 0) {
        // Few documents hold the rarest trigrams: only those may match (at most BOUNDED texts are read).
        base.andWhere(
          'report.id IN (SELECT report_id FROM report_trigrams WHERE organization_id = :searchOrg AND trigram IN (:...rareGrams) GROUP BY report_id HAVING COUNT(*) = :rareCount)',
          { searchOrg: organizationId, rareGrams: rare, rareCount: rare.length },
        );
      }
      // Otherwise every trigram is common: the parts are read newest first and tested row by row, and with many
      // matches a page is full after about as many texts as it has rows.
    }
    const head = `report.search_head${binary} LIKE :headTerm ESCAPE '!'`;
    const parts = [base.clone().andWhere(head), base.clone().andWhere(`NOT (${head})`)];
    for (const part of parts) {
      part.setParameter('headTerm', likePattern(terms[0]));
      terms.forEach((term, i) => {
        part.andWhere(`report_text.search_text${binary} LIKE :term${i} ESCAPE '!'`, { [`term${i}`]: likePattern(term) });
      });
      const position = `INSTR(report_text.search_text${binary}, :snippetTerm)`;
      part.setParameter('snippetTerm', terms[0]);
      part.addSelect(`SUBSTR(report_text.search_text, CASE WHEN ${position} > 40 THEN ${position} - 40 ELSE 1 END, ${[...terms[0]].length + 80})`, 'search_snippet');
    }
    return parts;
  }
}
