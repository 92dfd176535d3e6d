/**
 * The least a server could do for one transition, to measure this machine's floor (bench/workflow-floor.ts):
 * node:http with no framework, raw SQL over a mysql2 pool, no validation, no statechart, no logging — but the same
 * session check and the same writes in one transaction as Kasian: the memo's state under a version check, the
 * review with the signature copied inside the database, the hash-chained audit row, the outbox job, and the
 * document register on SUBMIT. It is a measuring stick, not a server to run: it skips every rule but the version check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPool, type RowDataPacket, type ResultSetHeader } from 'mysql2/promise';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 16, dateStrings: false, charset: 'utf8mb4' });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const NEXT: Record<string, string> = { SUBMIT: 'in_review', FORWARD: 'in_review', APPROVE: 'approved' };

async function transition(req: IncomingMessage, res: ServerResponse, memoId: string, body: { event: string; comment?: string }): Promise<void> {
  const token = /kasian_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
  const [sessions] = await pool.query<RowDataPacket[]>(
    'SELECT u.id, u.organization_id, u.position_id, s.csrf_token FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = true',
    [sha256(decodeURIComponent(token)), new Date()],
  );
  const user = sessions[0];
  if (!user || user.csrf_token !== req.headers['x-csrf-token']) return send(res, 401, { error: 'unauthenticated' });
  const [memos] = await pool.query<RowDataPacket[]>('SELECT id, status, version, round, current_step FROM memos WHERE id = ? AND organization_id = ?', [memoId, user.organization_id]);
  const memo = memos[0];
  if (!memo) return send(res, 404, { error: 'not found' });
  const now = new Date();
  const to = NEXT[body.event];
  const connection = await pool.getConnection();
  try {
    await connection.query('START TRANSACTION');
    const [updated] = await connection.query<ResultSetHeader>(
      'UPDATE memos SET status = ?, workflow_snapshot = ?, current_step = ?, step_entered_at = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?',
      [to, JSON.stringify({ value: to, context: { routeLength: 2, step: 1, reviewerActed: true } }), 1, now, memoId, memo.version],
    );
    if (updated.affectedRows !== 1) {
      await connection.query('ROLLBACK');
      return send(res, 409, { error: 'stale' });
    }
    if (body.event !== 'SUBMIT') {
      await connection.query(
        `INSERT INTO memo_reviews (id, memo_id, organization_id, round, ordinal, position_id, heading, action, comment, signer_id, signer_name, signer_position, acting_for, signature, signature_type, signed_at)
         SELECT ?, ?, ?, ?, ?, position_id, ?, ?, ?, id, CONCAT(honorific, full_name), ?, NULL, signature, signature_type, ? FROM users WHERE id = ?`,
        [randomUUID(), memoId, user.organization_id, memo.round, body.event === 'FORWARD' ? 0 : 1, 'ความเห็นปลัด อบต.', body.event, body.comment ?? '', 'ปลัด', now, user.id],
      );
    }
    const [tail] = await connection.query<RowDataPacket[]>('SELECT seq, hash FROM audit_events WHERE memo_id = ? ORDER BY seq DESC LIMIT 1', [memoId]);
    const seq = (tail[0]?.seq ?? 0) + 1;
    const prevHash = tail[0]?.hash ?? '0'.repeat(64);
    const hash = sha256(prevHash + JSON.stringify([memoId, seq, user.id, body.event, memo.status, to, now.toISOString()]));
    await connection.query(
      `INSERT INTO audit_events (id, organization_id, memo_id, seq, actor_id, acting_for, event, from_state, to_state, from_step, to_step, outcome, comment, ip, user_agent, created_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL, 'applied', ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), user.organization_id, memoId, seq, user.id, body.event, memo.status, to, body.comment ?? null, req.socket.remoteAddress, req.headers['user-agent'] ?? null, now, prevHash, hash],
    );
    await connection.query(
      `INSERT IGNORE INTO outbox_jobs (id, organization_id, kind, payload, dedupe_key, status, attempts, run_after, created_at) VALUES (?, ?, 'notify', ?, ?, 'pending', 0, ?, ?)`,
      [randomUUID(), user.organization_id, JSON.stringify({ memoId, event: body.event }), `notify:${memoId}:${seq}`, now, now],
    );
    let documentNumber: number | null = null;
    if (body.event === 'SUBMIT') {
      const [register] = await connection.query<ResultSetHeader>(
        'UPDATE document_registers SET last_number = LAST_INSERT_ID(last_number + 1) WHERE organization_id = ? AND year = ?',
        [user.organization_id, now.getFullYear() + 543],
      );
      documentNumber = register.insertId;
      await connection.query('UPDATE memos SET document_number = ?, register_year = ? WHERE id = ?', [`นธ/${documentNumber}`, now.getFullYear() + 543, memoId]);
    }
    await connection.query('COMMIT');
    send(res, 200, { memoId, event: body.event, from: memo.status, to, version: memo.version + 1, documentNumber });
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const match = /^\/api\/memos\/([0-9a-f-]{36})\/transitions$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !match) return send(res, 404, { error: 'not found' });
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (text += chunk));
  req.on('end', () => {
    transition(req, res, match[1], JSON.parse(text)).catch((error: Error) => send(res, 500, { error: error.message }));
  });
});

async function main(): Promise<void> {
  const year = new Date().getFullYear() + 543;
  await pool.query('INSERT IGNORE INTO document_registers (organization_id, year, last_number) SELECT id, ?, 0 FROM organizations', [year]);
  server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

void main();
