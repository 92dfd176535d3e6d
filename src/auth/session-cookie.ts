import type { Response } from 'express';
import { SESSION_COOKIE } from './auth.guard';
import type { StartedSession } from './auth.service';

/** The browser session's cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, until the session expires. */
export function setSessionCookie(response: Response, session: StartedSession, secure: boolean): void {
  response.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
}
