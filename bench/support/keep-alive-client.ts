import { Agent, request } from 'node:http';

/**
 * The load generator's client: node:http over one kept-alive socket per simulated person. fetch() costs about
 * 1.8 ms of CPU per request here, which the benchmark would otherwise take away from the server on the same cores.
 */
export class KeepAliveClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;

  constructor(baseUrl: string, private readonly headers: Record<string, string>) {
    this.url = new URL(baseUrl);
  }

  post(path: string, body: unknown): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    const headers = { ...this.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    return this.send('POST', path, headers, payload).then(({ status, raw }) => ({ status, text: raw.toString('utf8') }));
  }

  /**
   * A GET, timed by the caller up to its last byte: the body as it came (compressed, if the headers asked for it) and
   * how it is encoded. Decompressing is left to the caller, after its clock: it is the client's work, not the server's
   * (a browser does it on another thread as the bytes arrive).
   */
  get(path: string): Promise<{ status: number; raw: Buffer; encoding: string | undefined }> {
    return this.send('GET', path, this.headers);
  }

  private send(method: string, path: string, headers: Record<string, string>, payload?: string): Promise<{ status: number; raw: Buffer; encoding: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.url.hostname, port: this.url.port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks), encoding: res.headers['content-encoding'] }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
