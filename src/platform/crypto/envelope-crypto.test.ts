import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CryptoError } from './crypto';
import { createEnvelopeCrypto, parseMasterKeys } from './envelope-crypto';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('envelope crypto', () => {
  test('round-trips any string and never shows the plaintext in the token', () => {
    const c = createEnvelopeCrypto({ current: k1 });
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (s) => {
        const token = c.encrypt(s);
        assert.equal(c.decrypt(token), s);
        assert.ok(!token.includes(s) || s.length < 4);
        assert.equal(c.keyIdOf(token), 'k1');
      }),
    );
  });

  test('two encryptions of one value differ (fresh data key and iv)', () => {
    const c = createEnvelopeCrypto({ current: k1 });
    assert.notEqual(c.encrypt('secret'), c.encrypt('secret'));
  });

  test('detects a tampered value or wrapped key', () => {
    const c = createEnvelopeCrypto({ current: k1 });
    const token = c.encrypt('app-secret-123');
    const parts = token.split('.');
    const value = Buffer.from(parts[3]!.split('~')[2]!, 'base64url');
    value[0] = (value[0] ?? 0) ^ 1;
    const sealed = parts[3]!.split('~');
    sealed[2] = value.toString('base64url');
    assert.throws(() => c.decrypt([...parts.slice(0, 3), sealed.join('~')].join('.')), CryptoError);
    assert.throws(() => c.decrypt(token.replace('.k1.', '.k9.')), /unknown master key/);
    assert.throws(() => c.decrypt('plain text'), CryptoError);
  });

  test('rewraps under the new key after a rotation; the old key can then be dropped', () => {
    const before = createEnvelopeCrypto({ current: k1 });
    const token = before.encrypt('broker-secret');
    const rotated = createEnvelopeCrypto({ current: k2, retired: [k1] });
    assert.equal(rotated.decrypt(token), 'broker-secret');
    const rewrapped = rotated.rewrap(token);
    assert.equal(rotated.keyIdOf(rewrapped), 'k2');
    assert.equal(rotated.rewrap(rewrapped), rewrapped);
    assert.equal(createEnvelopeCrypto({ current: k2 }).decrypt(rewrapped), 'broker-secret');
    assert.throws(() => createEnvelopeCrypto({ current: k2 }).decrypt(token), /unknown master key/);
  });

  test('parses the current and retired keys from configuration text', () => {
    const keys = parseMasterKeys({
      id: 'k2',
      key: k2.key.toString('base64'),
      retired: ` k1:${k1.key.toString('base64')} `,
    });
    assert.equal(keys.current.id, 'k2');
    assert.deepEqual(
      keys.retired.map((k) => k.id),
      ['k1'],
    );
    assert.throws(() => parseMasterKeys({ id: 'k', key: 'c2hvcnQ=', retired: '' }), /32 bytes/);
  });
});
