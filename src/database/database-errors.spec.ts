import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  test.each([
    ['a refused connection', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306')],
    ['each address refused (AggregateError)', Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), { code: undefined })],
    ['a query past the timeout, wrapped by TypeORM', new QueryFailedError('SELECT 1', [], coded('PROTOCOL_SEQUENCE_TIMEOUT', 'Query inactivity timeout'))],
    ['the server gone mid-query', new QueryFailedError('SELECT 1', [], coded('PROTOCOL_CONNECTION_LOST'))],
    ['a connect timeout', coded('ETIMEDOUT', 'connect ETIMEDOUT')],
    ['a closed pool', new Error('Pool is closed.')],
    ['the server shutting down', coded('ER_SERVER_SHUTDOWN')],
    ['a locked SQLite file', coded('SQLITE_BUSY')],
  ])('%s: unavailable', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  test.each([
    ['a duplicate key', new QueryFailedError('INSERT', [], coded('ER_DUP_ENTRY'))],
    ['a syntax error', new QueryFailedError('SELEC 1', [], coded('ER_PARSE_ERROR'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('%s: not an outage', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
