import { readFileSync } from 'node:fs';
import { ConfigError } from '#config';
import { keyFingerprint, loadSigningKey, loadVerifyingKey, publicKeyPemOf } from '#event-store';

/** The checkpoint key, read from files outside the database (AUDIT_SIGNING_KEY_FILE, AUDIT_PUBLIC_KEY_FILE). */
export interface AuditKeys {
  /** Absent where only verification is needed (an auditor's machine, a read-only replica). */
  privateKeyPem?: string;
  publicKeyPem: string;
  /** Names the key in each checkpoint, so verifiers can pick the right one after a rotation. */
  keyId: string;
}

/**
 * undefined when neither variable is set (checkpoints off, verification of chains only); a ConfigError naming the
 * variable when a file is missing or is not an Ed25519 key in PEM.
 */
export function loadAuditKeys(env: NodeJS.ProcessEnv = process.env): AuditKeys | undefined {
  const read = (variable: string, parse: (pem: string) => unknown): string | undefined => {
    const file = env[variable];
    if (!file) return undefined;
    try {
      const pem = readFileSync(file, 'utf8');
      parse(pem);
      return pem;
    } catch (error) {
      throw new ConfigError([
        `${variable} must name a PEM file with an Ed25519 key (${file}: ${error instanceof Error ? error.message : String(error)})`,
      ]);
    }
  };
  const privateKeyPem = read('AUDIT_SIGNING_KEY_FILE', loadSigningKey);
  const publicKeyPem = read('AUDIT_PUBLIC_KEY_FILE', loadVerifyingKey) ?? (privateKeyPem ? publicKeyPemOf(privateKeyPem) : undefined);
  if (!publicKeyPem) return undefined;
  if (privateKeyPem && keyFingerprint(publicKeyPemOf(privateKeyPem)) !== keyFingerprint(publicKeyPem)) {
    throw new ConfigError(['AUDIT_PUBLIC_KEY_FILE is not the public half of AUDIT_SIGNING_KEY_FILE']);
  }
  return { ...(privateKeyPem ? { privateKeyPem } : {}), publicKeyPem, keyId: keyFingerprint(publicKeyPem).slice(0, 23) };
}
