/** A small HTTP client over real sockets that keeps the session cookie and sends the CSRF token like a browser page would. */
export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class HttpClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string, private readonly defaultHeaders: Record<string, string> = {}) {}

  /** `organization`: its slug or DLA code, when the username is also used in another organisation. */
  async login(username: string, password: string, organization?: string): Promise<HttpResult> {
    const result = await this.request('POST', '/api/auth/login', { username, password, ...(organization ? { organization } : {}) });
    if (result.status === 200) this.csrfToken = result.body.csrfToken;
    return result;
  }

  get<T = any>(path: string, headers: Record<string, string> = {}) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('PATCH', path, body, headers);
  }
  put<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string, headers: Record<string, string> = {}) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const all: Record<string, string> = { ...this.defaultHeaders, ...headers };
    if (this.cookie) all.cookie = this.cookie;
    if (this.bearer) all.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in all)) all['x-csrf-token'] = this.csrfToken;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (typeof body === 'string' || body instanceof Uint8Array) payload = body as BodyInit;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      all['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers: all, body: payload, redirect: 'manual' });
    const setCookie = response.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair.startsWith('kasian_session=')) this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** Forget the CSRF token but keep the cookie: what a forged cross-site form post looks like. */
  withoutCsrf(): HttpClient {
    const clone = new HttpClient(this.baseUrl, this.defaultHeaders);
    clone.cookie = this.cookie;
    return clone;
  }
}

/**
 * A GET with exactly the given path and headers. fetch() normalises paths (%2e%2e → ..) and adds
 * `Cache-Control: no-cache` to conditional requests, which would hide what a browser cache or a crafted URL does.
 */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { request } = require('node:http') as typeof import('node:http');
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a browser holds after opening the sign-in page: the form's CSRF cookie and its token. */
export async function signInForm(baseUrl: string, headers: Record<string, string> = {}): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${baseUrl}/login`, { headers, redirect: 'manual' });
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('kasian_signin='));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!cookie || !csrf) throw new Error('the sign-in page gave no CSRF cookie and token');
  return { cookie, csrf };
}

/** Posts the sign-in form as a browser would: opens the page first, then sends its fields with the form's token. */
export async function postSignInForm(baseUrl: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const { cookie, csrf } = await signInForm(baseUrl, headers);
  return fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
  });
}
