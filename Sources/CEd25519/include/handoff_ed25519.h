// Ed25519 signature checks for a signer seen many times: a table of multiples of the signer's
// public key, built once, turns each check into about 96 point additions instead of libsodium's
// 250 doublings and 80 additions per signature.
//
// A "valid" from here is final: callers ask libsodium only when a check says "not valid", so a
// mistake in this arithmetic could accept a signature that libsodium's crypto_sign_verify_detached
// refuses, a forgery. The check is meant to decide exactly as libsodium 1.0.18 does for the keys
// it builds tables of: the same pre-checks (S below the group order; R canonical and not on
// libsodium's list of small-order encodings; a key canonical and of prime order, as
// crypto_core_ed25519_is_valid_point asks), then the same equation R = [S]B - [h]A without the
// cofactor, with [S]B - [h]A's canonical encoding compared with R byte for byte. Nothing here
// proves the arithmetic right; what guards it is a differential comparison with libsodium on
// valid, corrupted, malleated and forged signatures, small-order and mixed-order keys, run by the
// tests (Tests/HandoffCoreTests/Signing/SigningTablesDifferentialTests.swift) and by the
// `ed25519` target of scripts/fuzz.
#ifndef HANDOFF_ED25519_H
#define HANDOFF_ED25519_H

#include <stddef.h>
#include <stdint.h>

/// Multiples of one point of the curve (a public key), ready for checking its signatures.
typedef struct handoff_ed25519_table handoff_ed25519_table;

/// The table of `public_key` (32 bytes, its standard encoding); NULL when the bytes are not the
/// canonical encoding of a point of prime order (the keys crypto_core_ed25519_is_valid_point
/// accepts; a table of a small-order key would accept forgeries) or memory is short. About 30 KB;
/// free it with handoff_ed25519_table_free.
handoff_ed25519_table *handoff_ed25519_table_new(const uint8_t public_key[32]);

/// Frees a table from handoff_ed25519_table_new (NULL is ignored).
void handoff_ed25519_table_free(handoff_ed25519_table *table);

/// 1 when `signature` (R then S, 64 bytes) passes libsodium's pre-checks (S below the group order,
/// R canonical and not of small order) and satisfies R = [S]B - [h]A for the table's key A, where
/// `h` is SHA-512(R || A || message) reduced modulo the group order (32 bytes, as
/// crypto_core_ed25519_scalar_reduce gives it); 0 otherwise. Safe to call from many threads.
int handoff_ed25519_check(const handoff_ed25519_table *key, const uint8_t signature[64], const uint8_t h[32]);

#endif
