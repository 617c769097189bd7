import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, t=2), the OWASP baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username does not exist, so both cases take the same time.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(password: string) {
  dummyHash ??= hash('not-a-real-password-0000');
  await verifyPassword(await dummyHash, password);
}
