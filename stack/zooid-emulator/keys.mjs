// secp256k1 key checks used by config validation, the NIP-86 manager check and relay signing.
// Real crypto only: the public key check verifies that the x coordinate lies on the curve.

import { getPublicKey } from 'nostr-tools/pure';

// Field prime p and group order n of secp256k1.
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const HEX64 = /^[0-9a-fA-F]{64}$/;
const HEX = /^[0-9a-fA-F]*$/;

/** 64 hexadecimal characters (either case, as Go's hex decoder accepts). */
export function isHex64(s) {
  return typeof s === 'string' && HEX64.test(s);
}

function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

/**
 * zooid's reading of a secret key: at most 64 hex digits, shorter input left-padded with zeros.
 * Returns the 64-digit lower-case form, or null when it is not a usable key.
 */
export function normalizeSecret(hex) {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > 64 || !HEX.test(hex)) return null;
  const padded = hex.padStart(64, '0').toLowerCase();
  const k = BigInt(`0x${padded}`);
  if (k === 0n || k >= N) return null;
  return padded;
}

/** Reason a secret key is invalid, or null when it is a usable secp256k1 secret key. */
export function secretKeyProblem(hex) {
  if (typeof hex !== 'string' || hex.length > 64) return 'secret key must be at most 64 hex characters';
  if (!HEX.test(hex)) return 'secret key must be hexadecimal';
  if (normalizeSecret(hex) === null) return 'secret key is out of range for secp256k1';
  return null;
}

/** Reason a public key is invalid, or null when it is a valid x-only (BIP-340) public key. */
export function publicKeyProblem(hex) {
  if (typeof hex !== 'string' || hex.length !== 64) return 'public key must be 64 hex characters';
  if (!HEX64.test(hex)) return 'public key must be hexadecimal';
  const x = BigInt(`0x${hex}`);
  if (x >= P) return 'public key is not on the secp256k1 curve';
  // y^2 = x^3 + 7 must have a solution: Euler's criterion on the right-hand side.
  const rhs = (modPow(x, 3n, P) + 7n) % P;
  if (rhs !== 0n && modPow(rhs, (P - 1n) / 2n, P) !== 1n) return 'public key is not on the secp256k1 curve';
  return null;
}

/** { sk: Uint8Array, pk: hex } of a config secret, or null when the secret key is invalid. */
const keyCache = new Map();
export function keysOf(secretHex) {
  const norm = normalizeSecret(secretHex);
  if (!norm) return null;
  let keys = keyCache.get(norm);
  if (!keys) {
    const sk = Uint8Array.from(Buffer.from(norm, 'hex'));
    keys = { sk, pk: getPublicKey(sk) };
    if (keyCache.size > 10000) keyCache.clear();
    keyCache.set(norm, keys);
  }
  return keys;
}

/** Hex public key (lower-case) of a hex secret key, or null when the secret key is invalid. */
export function publicKeyOf(secretHex) {
  return keysOf(secretHex)?.pk ?? null;
}
