/**
 * Which failures mean "the database is not there" (down, frozen, unreachable, out of connections) rather than a
 * bug or a bad query: those answer 503 with Retry-After, and are logged once per outage.
 */
const UNAVAILABLE_CODES = new Set([
  // The network and the socket (also as mysql2 reports them on a connection's fatal error).
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // mysql2: the server went away, or did not answer a query within DATABASE_QUERY_TIMEOUT_MS.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  // The server: shutting down, or out of connections.
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  // SQLite: the file is locked beyond busy_timeout, or cannot be read.
  'SQLITE_BUSY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
]);

/** mysql2 and TypeORM errors that say so in words only. */
const UNAVAILABLE_MESSAGES = [/^Pool is closed/, /connection is in closed state/, /^Connection lost/, /^connect ETIMEDOUT/, /^Query inactivity timeout/];

/** TypeORM's, when the data source is not (or no longer) connected. */
const UNAVAILABLE_NAMES = new Set(['ConnectionIsNotSetError', 'CannotExecuteNotConnectedError']);

/** The error and what it wraps: TypeORM's `driverError`, a `cause`, the attempts of an AggregateError. */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (!error || typeof error !== 'object' || depth > 5) return;
  const e = error as Record<string, unknown>;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true;
  }
  return false;
}

/** The first code found along the chain, for the log. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (const e of chain(error)) if (typeof e.code === 'string') return e.code;
  return undefined;
}
