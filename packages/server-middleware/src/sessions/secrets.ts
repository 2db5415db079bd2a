import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: the opaque refresh token handed to clients. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the token: a dump yields nothing usable. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

function keyFrom(predecessor: string): Buffer {
  return createHash('sha256').update(`socialkit successor key\0${predecessor}`, 'utf8').digest();
}

/**
 * Encrypts a successor token under a key only the holder of its predecessor can derive, so a
 * concurrent refresh within the grace window gets the same successor without storing it in clear.
 */
export function sealSuccessor(predecessor: string, successor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(predecessor), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return [iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

export function openSuccessor(predecessor: string, sealed: string): string | undefined {
  const [iv, data, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !data || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(predecessor), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
