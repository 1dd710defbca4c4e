/** Crypto port: AES-256-GCM envelope encryption of secrets at rest, with key ids and re-wrapping for rotation. */
export { type Crypto, CryptoError, type MasterKey } from './crypto';
export { createEnvelopeCrypto, parseMasterKeys } from './envelope-crypto';
