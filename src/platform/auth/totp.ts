// TOTP (RFC 6238) second factor: 30-second steps, one step of clock drift allowed either side,
// and a code's time step may be used once only (the caller stores the last accepted step).
import { generate, generateSecret, generateURI, verify } from 'otplib';

const TOLERANCE_SECONDS = 30;

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, label: string): string => generateURI({ issuer: 'ct-casework', label, secret });

export const currentTotpCode = (secret: string, at: Date = new Date()): Promise<string> =>
  generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

/** Returns the matched time step, or null when the code is wrong or was already used. */
export async function checkTotp(secret: string, code: string, lastStep: number | null, at: Date = new Date()): Promise<number | null> {
  const token = code.replace(/[\s-]+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  }).catch(() => ({ valid: false as const }));
  return result.valid ? ((result as { timeStep?: number }).timeStep ?? null) : null;
}
