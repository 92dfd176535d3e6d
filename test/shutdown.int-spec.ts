import { connect, type Socket } from 'node:net';
import { DIALECTS, startTestApp, type TestApp } from './support/test-app';

/**
 * Kasian keeps idle connections open for 65 s (bootstrap.ts: longer than a proxy's idle timeout), so shutting down
 * must not wait for them: app.close() (what SIGTERM runs) ends idle kept-alive connections at once, and a connection
 * busy when closing starts is ended once its answer is sent.
 */
describe.each(DIALECTS)('shutting down with kept-alive connections on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t?.close().catch(() => undefined));

  /** A raw HTTP/1.1 connection: `send` writes bytes, `response` waits for the next response head; `ended` when the server ends it. */
  function keptAlive(port: number) {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    let seen = 0;
    const response = async () => {
      while (!/\r\n\r\n/.test(received.slice(seen))) await new Promise((resolve) => setTimeout(resolve, 10));
      const head = received.slice(seen).split('\r\n\r\n')[0];
      seen = received.length;
      return head;
    };
    return { send: (text: string) => socket.write(text), response, ended, socket };
  }

  test('a connection busy when closing starts is ended after its answer; app.close() does not wait 65 s for it', async () => {
    const port = Number(new URL(t.baseUrl).port);
    const busy = keptAlive(port);
    busy.send('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const head = await busy.response();
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('keep-alive: timeout=65');
    // A second request on it, its body not all sent yet: the connection is busy, not idle, when closing starts.
    const body = JSON.stringify({ username: 'nobody', password: 'x'.repeat(12) });
    busy.send(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const idle = keptAlive(port);
    idle.send('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await idle.response();
    let closed = false;
    const closing = t.app.close().then(() => (closed = true));
    await idle.ended;
    busy.send(body.slice(5));
    const answer = await busy.response();
    expect(answer).toMatch(/^HTTP\/1\.1 [1-5]\d\d/);
    // Answered in full, then the connection is ended (its head was written as keep-alive before closing began).
    await busy.ended;
    // Within the test's own timeout (60 s), under the 65 s the kept-alive connection would otherwise have held it.
    await closing;
    expect(closed).toBe(true);
  });
});
