import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { likePattern, trigramsOf } from './search-text';

/** How this database indexes `search_text` (migration 1765000000000-ReportSearchIndex). */
export type SearchEngine = 'sqlite-fts5' | 'mysql-ngram' | 'mariadb-trigrams';

/** A term of fewer characters than this has no n-gram to look up: it is matched by LIKE alone. */
const SHORTEST_INDEXED = { 'sqlite-fts5': 3, 'mysql-ngram': 2, 'mariadb-trigrams': 3 } as const;

/** The MariaDB side indexes: the trigrams of each document's whole text, and of its head (title and subject). */
type TrigramTable = 'report_trigrams' | 'report_head_trigrams';
/** A condition on the scanned `report` row, with its parameters. */
type Condition = [string, Record<string, unknown>];

/** MariaDB: a trigram held by at most this many of the organisation's documents narrows a search to them. */
const BOUNDED = 200;
/** MariaDB: how many of the rarest trigrams (each held by at most BOUNDED documents) a search narrows by. */
const RAREST = 3;
/** MariaDB, every trigram of the text common: how many of them a document is checked for before its text is read. */
const CHECKED = 3;
/** MariaDB: how many of the first term's trigrams are counted in the head index (heads are short: few hold any). */
const HEAD_COUNTED = 6;

/** MariaDB: how long a trigram found common in an organisation is taken as common without counting it again. */
const COMMON_FOR_MS = 10 * 60_000;
/** MariaDB: how many such verdicts a process keeps (the oldest go first). */
const COMMON_KEPT = 20_000;

/**
 * The trigrams lately counted above their bound, per organisation and table, each with the bound it exceeded. Counting
 * a common trigram reads bound + 1 index keys (a search of five common ones: 2 ms at 2,000 documents, the dearest
 * statement of a search after its page), and a common trigram stays common: documents are added far more than
 * deleted. Only "above the bound" is remembered, as it decides no result: it lets the search read the documents
 * newest first (`held`) or not narrow by that trigram, and either way each document is tested whole. A count of 0 or
 * at most the bound is never remembered: one new document changes what it answers. Per process, so each instance
 * learns its own; a verdict made stale by deletions only costs a slower plan until it expires.
 */
export class CommonTrigrams {
  private readonly verdicts = new Map<string, { above: number; until: number }>();

  /** Whether the trigram was lately counted above `bound` (or a greater one). */
  has(key: string, bound: number, now: number): boolean {
    const verdict = this.verdicts.get(key);
    if (!verdict) return false;
    if (verdict.until <= now) {
      this.verdicts.delete(key);
      return false;
    }
    return verdict.above >= bound;
  }

  remember(key: string, above: number, now: number): void {
    this.verdicts.delete(key);
    this.verdicts.set(key, { above, until: now + COMMON_FOR_MS });
    if (this.verdicts.size > COMMON_KEPT) this.verdicts.delete(this.verdicts.keys().next().value!);
  }

  clear(): void {
    this.verdicts.clear();
  }
}

/** At most `count` of `items`, spread evenly from the first to the last. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
}

/**
 * Thai search over the n-gram index of each dialect. The index narrows the documents to those that may contain
 * every term; an exact substring test (byte-wise, so every database agrees) then decides. Results are ranked the
 * same way everywhere — the documents whose title or subject holds the first term first, then the others, each
 * newest first — and carry a snippet around the first term's first occurrence for highlighting.
 */
@Injectable()
export class ReportSearch {
  private engine: Promise<SearchEngine> | undefined;
  /** BOUNDED for the text's and the head's trigrams, as this instance uses it (a test lowers them to take the paths of
   * common trigrams with few documents). */
  bounded = BOUNDED;
  headBounded = BOUNDED;
  /** Exposed for tests that change the documents behind a verdict. */
  readonly common = new CommonTrigrams();

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

  /** Keeps the side indexes in step with a document's text and head, in the caller's transaction (MariaDB only). */
  async write(manager: EntityManager, report: { id: string; organizationId: string; searchText: string; searchHead: string }, created = false): Promise<void> {
    if ((await this.engineOf()) !== 'mariadb-trigrams') return;
    for (const [table, text] of [
      ['report_trigrams', report.searchText],
      ['report_head_trigrams', report.searchHead],
    ] as const) {
      // A new document has no rows to delete, and the DELETE's gap locks would make concurrent imports deadlock.
      if (!created) await manager.query(`DELETE FROM ${table} WHERE report_id = ?`, [report.id]);
      const grams = trigramsOf(text);
      for (let i = 0; i < grams.length; i += 1000) {
        const chunk = grams.slice(i, i + 1000);
        await manager.query(
          `INSERT INTO ${table} (organization_id, trigram, report_id) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((gram) => [report.organizationId, gram, report.id]),
        );
      }
    }
  }

  /**
   * How many documents of the organisation hold each trigram in its side index, counted up to its table's bound + 1
   * only: one short range of the index per trigram, however common it is (a COUNT of the whole range would read every
   * document's key of it). One statement for all, leaving out those lately found common (`CommonTrigrams`).
   */
  private async trigramCounts(organizationId: string, grams: { table: TrigramTable; gram: string }[]): Promise<number[]> {
    const now = Date.now();
    const keyOf = ({ table, gram }: { table: TrigramTable; gram: string }) => `${organizationId} ${table} ${gram}`;
    const counts = grams.map((gram) => (this.common.has(keyOf(gram), this.boundOf(gram.table), now) ? this.boundOf(gram.table) + 1 : null));
    const uncounted = grams.flatMap((_, i) => (counts[i] === null ? [i] : []));
    if (uncounted.length === 0) return counts as number[];
    const rows: { n: number | string }[] = await this.dataSource.query(
      uncounted.map((i) => `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${grams[i].table} WHERE organization_id = ? AND trigram = ? LIMIT ${this.boundOf(grams[i].table) + 1}) x`).join(' UNION ALL '),
      uncounted.flatMap((i) => [organizationId, grams[i].gram]),
    );
    uncounted.forEach((i, row) => {
      counts[i] = Number(rows[row].n);
      if (counts[i] > this.boundOf(grams[i].table)) this.common.remember(keyOf(grams[i]), this.boundOf(grams[i].table), now);
    });
    return counts as number[];
  }

  /**
   * MariaDB: what the side indexes say of the terms' trigrams (`text`, of every term, in `report_trigrams`) and of the
   * first term's (`head`, up to HEAD_COUNTED of them, in `report_head_trigrams`), as conditions on `report`, counted in
   * one statement. A text trigram in none of the organisation's documents: nothing matches (null). A head trigram in
   * none: no title or subject holds the first term (`head` null). Some in at most BOUNDED documents: only the
   * documents holding the RAREST of those may match. Every text trigram common: the documents are read newest first,
   * and one lacking a few of them is passed over by index lookups before its text is read (`held`). Every head trigram
   * common: the heads are tested newest first (many hold the term: the page fills soon).
   */
  private async trigramConditions(organizationId: string, textGrams: string[], headGrams: string[]): Promise<{ text: Condition[]; head: Condition[] | null } | null> {
    const counted = spread(headGrams, HEAD_COUNTED);
    const counts = await this.trigramCounts(organizationId, [
      ...textGrams.map((gram) => ({ table: 'report_trigrams' as const, gram })),
      ...counted.map((gram) => ({ table: 'report_head_trigrams' as const, gram })),
    ]);
    const textCounts = new Map(textGrams.map((gram, i) => [gram, counts[i]]));
    const headCounts = new Map(counted.map((gram, i) => [gram, counts[textGrams.length + i]]));
    if (textGrams.some((gram) => textCounts.get(gram) === 0)) return null;
    const head = counted.some((gram) => headCounts.get(gram) === 0) ? null : (this.rarest('report_head_trigrams', organizationId, counted, headCounts) ?? []);
    const text = this.rarest('report_trigrams', organizationId, textGrams, textCounts) ?? this.held(organizationId, textGrams);
    return { text, head };
  }

  private boundOf(table: TrigramTable): number {
    return table === 'report_trigrams' ? this.bounded : this.headBounded;
  }

  /** Only the documents holding the RAREST of the trigrams held by at most BOUNDED documents; null if none is. */
  private rarest(table: TrigramTable, organizationId: string, grams: string[], counts: Map<string, number>): Condition[] | null {
    const rare = grams
      .filter((gram) => counts.get(gram)! <= this.boundOf(table))
      .sort((a, b) => counts.get(a)! - counts.get(b)!)
      .slice(0, RAREST);
    if (rare.length === 0) return null;
    const name = table === 'report_trigrams' ? 'rare' : 'rareHead';
    return [
      [
        `report.id IN (SELECT report_id FROM ${table} WHERE organization_id = :searchOrg AND trigram IN (:...${name}Grams) GROUP BY report_id HAVING COUNT(*) = :${name}Count)`,
        { searchOrg: organizationId, [`${name}Grams`]: rare, [`${name}Count`]: rare.length },
      ],
    ];
  }

  /**
   * Every text trigram common: a document lacking one of CHECKED trigrams, spread over the terms (the first, the last,
   * one between), is passed over by an index lookup before its text is read. Not ranked by a further count: counting
   * common trigrams further reads thousands of keys (3 ms for 2,000 documents), more than the lookups it would save.
   */
  private held(organizationId: string, grams: string[]): Condition[] {
    const checked = spread(grams, CHECKED);
    // Scalar subqueries, not EXISTS: MariaDB turns an EXISTS into a semi-join that it may read first, sorting every
    // match; a scalar subquery stays a test of the row being read, after the cheaper ones.
    return checked.map((gram, i) => [
      `(SELECT 1 FROM report_trigrams WHERE organization_id = :searchOrg AND trigram = :heldGram${i} AND report_id = report.id) IS NOT NULL`,
      { searchOrg: organizationId, [`heldGram${i}`]: gram },
    ]);
  }

  /**
   * Reads one part of a search (`restrict`), as `getRawMany` would. MariaDB: without its subquery cache, which keeps a
   * temporary table for each correlated subquery (the trigram checks of `held`) to remember answers for outer values
   * that never come again here (one document each): 1 ms of a 4 ms page of 20, for nothing.
   */
  async read(part: SelectQueryBuilder<ObjectLiteral>): Promise<Record<string, unknown>[]> {
    if ((await this.engineOf()) !== 'mariadb-trigrams') return part.getRawMany();
    const [sql, parameters] = part.getQueryAndParameters();
    return this.dataSource.query(`SET STATEMENT optimizer_switch = 'subquery_cache=off' FOR ${sql}`, parameters);
  }

  /**
   * The organisation's documents containing every term, as the parts of one list in rank order, each to be read
   * newest first (`report.updated_at DESC, report.id DESC`) so that the index gives the order and a page reads only
   * as far as it needs: first those whose title or subject (`search_head`) holds the first term, then the others.
   * Both carry the snippet column `search_snippet`; a part is null when nothing can match. Null without terms. Terms
   * are normalised (search-text.ts).
   *
   * `qb` scans `report` and joins the same row as `document` (ReportsService.list): the title test reads `report`'s
   * columns of the index (organization_id, updated_at, id, search_head) only, and the substring tests and the snippet
   * read `document.search_text` — a join, because InnoDB reads every off-page column a query names for each row it
   * reads, so a text named on the scanned row would be read (tens of kB) before the cheap tests could skip the row.
   * `qb` itself is not changed: each part is a copy.
   */
  async restrict(qb: SelectQueryBuilder<ObjectLiteral>, organizationId: string, terms: string[]): Promise<(SelectQueryBuilder<ObjectLiteral> | null)[] | null> {
    if (terms.length === 0) return null;
    const engine = await this.engineOf();
    const mysql = engine !== 'sqlite-fts5';
    // Byte-wise on MySQL/MariaDB (bytes of UTF-8 match where its characters do; a collation's LIKE is several times
    // slower). SQLite's LIKE folds ASCII case only, and text and terms are both lower case.
    const contains = (column: string, parameter: string) =>
      mysql ? `CAST(${column} AS BINARY) LIKE CAST(:${parameter} AS BINARY) ESCAPE '!'` : `${column} LIKE :${parameter} ESCAPE '!'`;
    const indexed = terms.filter((term) => [...term].length >= SHORTEST_INDEXED[engine]);
    const narrowing: Condition[] = [];
    // Conditions of the head part only; null: no title or subject holds the first term.
    let headNarrowing: Condition[] | null = [];
    if (engine === 'sqlite-fts5' && indexed.length > 0) {
      // MATCH, not LIKE: FTS5 reads a LIKE with an ESCAPE clause row by row from the content table, index unused.
      // Always: SQLite sorts the page in any case (pagination.ts `comparable`), so it cannot stream.
      const phrases = indexed.map((term) => `"${term.replace(/"/g, '""')}"`).join(' AND ');
      narrowing.push(['report.rowid IN (SELECT rowid FROM report_search WHERE report_search MATCH :phrases)', { phrases }]);
    }
    if (engine === 'mysql-ngram' && indexed.length > 0) {
      // Each term a phrase of its bigrams, all required. Double quotes cannot occur in a normalised term's phrase.
      const against = indexed.map((term) => `+"${term.replace(/"/g, ' ')}"`).join(' ');
      narrowing.push(['MATCH (document.search_text) AGAINST (:against IN BOOLEAN MODE)', { against }]);
    }
    if (engine === 'mariadb-trigrams') {
      const headGrams = [...terms[0]].length >= SHORTEST_INDEXED[engine] ? trigramsOf(terms[0]) : [];
      const conditions = await this.trigramConditions(organizationId, [...new Set(indexed.flatMap(trigramsOf))], headGrams);
      // Nothing can match: both parts are known empty, and nothing more is read.
      if (!conditions) return [null, null];
      narrowing.push(...conditions.text);
      headNarrowing = conditions.head;
    }
    const head = contains('report.search_head', 'headTerm');
    // No head holds the first term (the head index says so): the other part need not test each head again.
    const parts: (Condition[] | null)[] = [headNarrowing && [...headNarrowing, [head, {}]], headNarrowing ? [[`NOT (${head})`, {}]] : []];
    return parts.map((only) => {
      if (!only) return null;
      const part = qb.clone().setParameter('headTerm', likePattern(terms[0]));
      for (const [condition, parameters] of [...only, ...narrowing]) part.andWhere(condition, parameters);
      terms.forEach((term, i) => part.andWhere(contains('document.search_text', `term${i}`), { [`term${i}`]: likePattern(term) }));
      // Every document here holds the first term: its first place, less 40 characters, or the start.
      const from = `${mysql ? 'GREATEST' : 'max'}(INSTR(document.search_text${mysql ? ' COLLATE utf8mb4_bin' : ''}, :snippetTerm) - 40, 1)`;
      return part.addSelect(`SUBSTR(document.search_text, ${from}, ${[...terms[0]].length + 80})`, 'search_snippet').setParameter('snippetTerm', terms[0]);
    });
  }
}
