// Ed25519 signature checks for a signer seen many times: a table of multiples of the signer's
// public key, built once, turns each check into about 96 point additions instead of libsodium's
// 250 doublings and 80 additions per signature.
//
// A check here only ever says "valid" when libsodium's crypto_sign_verify_detached would also
// accept (for keys that crypto_core_ed25519_is_valid_point accepts): the same equation, R = [S]B -
// [h]A without the cofactor, S below the group order, the same encoding compared byte for byte.
// Callers ask libsodium whenever this says "not valid", so a mistake here could only make a check
// slower, never accept a signature libsodium refuses.
#ifndef HANDOFF_ED25519_H
#define HANDOFF_ED25519_H

#include <stddef.h>
#include <stdint.h>

/// Multiples of one point of the curve (a public key), ready for checking its signatures.
typedef struct handoff_ed25519_table handoff_ed25519_table;

/// The table of `public_key` (32 bytes, its standard encoding); NULL when the bytes are not a
/// point of the curve or memory is short. About 30 KB; free it with handoff_ed25519_table_free.
/// The key must be one that crypto_core_ed25519_is_valid_point accepts (of prime order).
handoff_ed25519_table *handoff_ed25519_table_new(const uint8_t public_key[32]);

/// Frees a table from handoff_ed25519_table_new (NULL is ignored).
void handoff_ed25519_table_free(handoff_ed25519_table *table);

/// 1 when `signature` (R then S, 64 bytes) satisfies R = [S]B - [h]A for the table's key A, where
/// `h` is SHA-512(R || A || message) reduced modulo the group order (32 bytes, as
/// crypto_core_ed25519_scalar_reduce gives it); 0 otherwise. Safe to call from many threads.
int handoff_ed25519_check(const handoff_ed25519_table *key, const uint8_t signature[64], const uint8_t h[32]);

#endif
