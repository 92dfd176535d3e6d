import { OperatorsService } from '../../src/platform/operators.service';
import { HttpClient } from './http-client';
import type { TestApp } from './test-app';

export const OPERATOR_PASSWORD = 'ผู้ดูแล-แพลตฟอร์ม-2569';

/** The token at the end of a one-time link. */
export const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

/** Follows a one-time link through the API: the password is set and the client is signed in. */
export async function acceptLink(baseUrl: string, link: string, password: string): Promise<HttpClient> {
  const client = new HttpClient(baseUrl);
  const res = await client.post('/api/auth/set-password', { token: tokenOf(link), password });
  if (res.status !== 200) throw new Error(`set-password: ${res.status} ${res.text}`);
  client.csrfToken = res.body.csrfToken;
  return client;
}

/** A platform operator created as the command line does, signed in through its link. */
export async function signedInOperator(t: TestApp, username = 'ops'): Promise<HttpClient> {
  const { link } = await t.app.get(OperatorsService).create({ username, email: `${username}@platform.example` });
  return acceptLink(t.baseUrl, link.url, OPERATOR_PASSWORD);
}
