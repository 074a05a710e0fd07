// Sign-in helpers for tests that need to see each step (cookies, codes), unlike TestApp.signIn.
// (TestApp.prepareUser gives a user the known password and authenticator first.)
import type { LightMyRequestResponse } from 'fastify';
import { currentTotpCode } from '../../src/platform/auth/totp.js';
import { TEST_PASSWORD, TEST_TOTP_SECRET, type Client } from './testApp.js';

export const signInPassword = (c: Client, email: string, password = TEST_PASSWORD) => c.postForm('/sign-in', { email, password });

export const signInCode = async (c: Client, code: string) => c.postForm('/sign-in/code', { code }, '/sign-in/code');

/** The current code and every other code the server would accept now (one step of drift either side). */
export async function codes(): Promise<{ current: string; accepted: Set<string> }> {
  const now = Date.now();
  const current = await currentTotpCode(TEST_TOTP_SECRET, new Date(now));
  const accepted = new Set(await Promise.all([-30_000, 0, 30_000].map((d) => currentTotpCode(TEST_TOTP_SECRET, new Date(now + d)))));
  return { current, accepted };
}

/** A six-digit code the server will not accept now. */
export async function wrongCode(): Promise<string> {
  const { accepted } = await codes();
  for (let n = 123456; ; n = (n + 1) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

export function sessionCookie(res: LightMyRequestResponse): string | undefined {
  return (res.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'ctc-session')?.value;
}
