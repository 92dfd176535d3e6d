import type { DataSource } from 'typeorm';

const LOCK = 'kasian_migrations';

/**
 * Runs pending migrations, one process at a time: several Kasian processes starting together on one MySQL would
 * otherwise each try to create the same tables. The first takes a named lock (GET_LOCK, held by its connection,
 * let go if that process dies) and migrates; the others wait for it (up to 30 minutes: filling a new column of a
 * national database takes about ten), then find nothing left to run.
 */
export async function runMigrationsLocked(dataSource: DataSource, waitSeconds = 1800): Promise<void> {
  if (dataSource.options.type !== 'mysql') {
    await dataSource.runMigrations();
    return;
  }
  const holder = dataSource.createQueryRunner();
  try {
    const [{ got }] = await holder.query('SELECT GET_LOCK(?, ?) AS got', [LOCK, waitSeconds]);
    if (Number(got) !== 1) throw new Error(`another Kasian process held the migration lock for ${waitSeconds} s`);
    try {
      await dataSource.runMigrations();
    } finally {
      await holder.query('SELECT RELEASE_LOCK(?)', [LOCK]);
    }
  } finally {
    await holder.release();
  }
}
