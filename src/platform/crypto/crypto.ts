/**
 * The crypto port: envelope encryption of small secrets at rest (broker credentials, broker sessions, TOTP
 * secrets). Each value gets its own random data key; the data key is wrapped by a master key named by a key id,
 * so a master-key rotation re-wraps data keys without touching the values.
 */
export interface Crypto {
  /** Encrypts a UTF-8 string into a self-describing token (`enc1.<keyId>.…`) under the current master key. */
  encrypt(plaintext: string): string;
  /** Decrypts a token made by `encrypt` under any known master key; throws CryptoError when it cannot. */
  decrypt(token: string): string;
  /** The key id a token's data key is wrapped with. */
  keyIdOf(token: string): string;
  /** Re-wraps a token's data key under the current master key (value unchanged); same token if already current. */
  rewrap(token: string): string;
  /** The id of the master key new values are wrapped with. */
  readonly currentKeyId: string;
}

/** A master key: 32 bytes, named by an id that is stored beside every value it wraps. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** A token that is malformed, names an unknown key, or fails authentication (tampered). */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
}
