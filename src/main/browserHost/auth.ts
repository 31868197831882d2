// Browser mode listens on 127.0.0.1 only, and every request and WebSocket connection must carry
// the random token printed at start (as ?token=, a cookie set from it, or a Bearer header).
// Host and Origin are checked too, so a web page the user visits cannot drive the studio
// (DNS rebinding, cross-site requests).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'doppel_token';

export function createToken(): string {
  return randomBytes(24).toString('hex');
}

function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export interface RequestCredentials {
  /** The token came in the URL: answer with a cookie so later requests (scripts, media) carry it. */
  fromQuery: boolean;
  valid: boolean;
}

export function checkToken(request: IncomingMessage, url: URL, token: string): RequestCredentials {
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) return { fromQuery: true, valid: sameToken(queryToken, token) };
  const cookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  if (cookie !== null) return { fromQuery: false, valid: sameToken(cookie, token) };
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return { fromQuery: false, valid: sameToken(authorization.slice('Bearer '.length), token) };
  }
  return { fromQuery: false, valid: false };
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** The Host header must name this server (defeats DNS rebinding). */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Requests without an Origin (navigations, <video> loads) are fine; any Origin must be ours. */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return allowedOrigins(port).includes(origin);
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
