import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Crypto, CryptoError, type MasterKey } from './crypto';

const PREFIX = 'enc1';
const ALG = 'aes-256-gcm';

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function seal(key: Buffer, plain: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv(ALG, key, iv);
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return { iv, tag: c.getAuthTag(), data };
}

function open(key: Buffer, s: Sealed, aad: string): Buffer {
  try {
    const d = createDecipheriv(ALG, key, s.iv);
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(s.tag);
    return Buffer.concat([d.update(s.data), d.final()]);
  } catch (e) {
    throw new CryptoError('ciphertext failed authentication', { cause: e });
  }
}

const b64 = (s: Sealed) => [s.iv, s.tag, s.data].map((b) => b.toString('base64url')).join('~');
function unb64(text: string | undefined): Sealed {
  const [iv, tag, data] = (text ?? '').split('~').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) throw new CryptoError('malformed ciphertext');
  return { iv, tag, data };
}

/**
 * AES-256-GCM envelope encryption. Token: `enc1.<keyId>.<wrapped data key>.<sealed value>`; the data key is
 * bound to its key id and the value to its data key through GCM's additional data.
 */
export function createEnvelopeCrypto(deps: { current: MasterKey; retired?: readonly MasterKey[] }): Crypto {
  const keys = new Map<string, Buffer>();
  for (const k of [deps.current, ...(deps.retired ?? [])]) {
    if (k.key.length !== 32) throw new CryptoError(`master key ${k.id} must be 32 bytes`);
    if (!/^[A-Za-z0-9_-]+$/.test(k.id)) throw new CryptoError(`master key id ${k.id} must be [A-Za-z0-9_-]`);
    keys.set(k.id, k.key);
  }
  const parse = (token: string) => {
    const [prefix, keyId, wrapped, value] = token.split('.');
    if (prefix !== PREFIX || !keyId || !wrapped || !value) throw new CryptoError('not an encrypted value');
    const master = keys.get(keyId);
    if (!master) throw new CryptoError(`unknown master key id ${keyId}`);
    return { keyId, master, wrapped: unb64(wrapped), value };
  };
  const wrap = (dek: Buffer) => `${PREFIX}.${deps.current.id}.${b64(seal(deps.current.key, dek, deps.current.id))}`;
  return {
    currentKeyId: deps.current.id,
    encrypt(plaintext) {
      const dek = randomBytes(32);
      const value = seal(dek, Buffer.from(plaintext, 'utf8'), PREFIX);
      return `${wrap(dek)}.${b64(value)}`;
    },
    decrypt(token) {
      const t = parse(token);
      const dek = open(t.master, t.wrapped, t.keyId);
      return open(dek, unb64(t.value), PREFIX).toString('utf8');
    },
    keyIdOf: (token) => parse(token).keyId,
    rewrap(token) {
      const t = parse(token);
      if (t.keyId === deps.current.id) return token;
      return `${wrap(open(t.master, t.wrapped, t.keyId))}.${t.value}`;
    },
  };
}

/**
 * Parses master keys from configuration text: the current key as base64 (32 bytes) and retired keys as
 * `id:base64` pairs separated by commas.
 */
export function parseMasterKeys(p: { id: string; key: string; retired: string }): {
  current: MasterKey;
  retired: MasterKey[];
} {
  const decode = (id: string, text: string): MasterKey => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32) throw new CryptoError(`master key ${id} must be 32 bytes of base64`);
    return { id, key };
  };
  const retired = p.retired
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf(':');
      return decode(pair.slice(0, i), pair.slice(i + 1));
    });
  return { current: decode(p.id, p.key), retired };
}
