#include "handoff_ed25519.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "point.h"

// A key's row i holds 1·P … 8·P for P = 256^i · key: a scalar written in 64 signed base-16 digits
// needs one row entry per digit, the odd digits' sum multiplied by 16 with four doublings.
struct handoff_ed25519_table {
    ge_ready rows[32][8];
};

// The base point, shared by every check, has a wider table (480 KB): row i holds 1·P … 128·P for
// P = 256^i · B, one entry per signed base-256 digit, so [S]B takes 32 additions instead of 64.
typedef struct {
    ge_ready rows[32][128];
} base_table;

static ge_constants constants;
static base_table *base;
static pthread_once_t base_once = PTHREAD_ONCE_INIT;

/// Fills `rows` (32 rows of `per_row` entries) with 1·P … per_row·P for P = 256^i · point.
static int build(ge_ready *rows, int per_row, const ge_extended *point) {
    int count = 32 * per_row;
    ge_extended *multiples = malloc(sizeof(ge_extended) * (size_t)count);
    fe *scratch = malloc(sizeof(fe) * (size_t)count);
    if (multiples == NULL || scratch == NULL) {
        free(multiples);
        free(scratch);
        return 0;
    }
    ge_extended row_point = *point;
    for (int row = 0; row < 32; row++) {
        ge_extended *entries = multiples + per_row * row;
        entries[0] = row_point;
        ge_double(&entries[1], &row_point, 1);
        for (int j = 2; j < per_row; j++) ge_add(&entries[j], &entries[j - 1], &row_point, &constants);
        for (int k = 0; k < 8; k++) ge_double(&row_point, &row_point, k == 7);
    }
    ge_make_ready(rows, multiples, count, scratch, &constants);
    free(multiples);
    free(scratch);
    return 1;
}

static void build_base_table(void) {
    ge_constants_init(&constants);
    // The base point: y = 4/5, x even.
    fe four, five, y;
    uint8_t encoding[32];
    fe_set_small(&four, 4);
    fe_set_small(&five, 5);
    fe_invert(&five, &five);
    fe_mul(&y, &four, &five);
    fe_tobytes(encoding, &y);
    ge_extended point;
    base_table *table = malloc(sizeof *table);
    if (table != NULL && ge_frombytes(&point, encoding, &constants) && build(&table->rows[0][0], 128, &point)) {
        base = table;
    } else {
        free(table);
    }
}

/// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
static const uint8_t group_order[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

static const uint8_t identity_encoding[32] = {1};

/// Whether p is of prime order L: not the identity, and [L]p is (so p has no part of small order).
/// libsodium's crypto_core_ed25519_is_valid_point asks the same of a key; a table of any other
/// point could accept signatures that crypto_sign_verify_detached refuses for a small-order key.
static int has_prime_order(const ge_extended *p) {
    uint8_t encoding[32];
    ge_tobytes(encoding, p);
    if (memcmp(encoding, identity_encoding, 32) == 0) return 0;
    ge_extended multiple = *p;
    for (int bit = 251; bit >= 0; bit--) {
        ge_double(&multiple, &multiple, 1);
        if ((group_order[bit / 8] >> (bit % 8)) & 1) ge_add(&multiple, &multiple, p, &constants);
    }
    ge_tobytes(encoding, &multiple);
    return memcmp(encoding, identity_encoding, 32) == 0;
}

handoff_ed25519_table *handoff_ed25519_table_new(const uint8_t public_key[32]) {
    pthread_once(&base_once, build_base_table);
    if (base == NULL) return NULL;
    ge_extended point;
    if (!ge_frombytes(&point, public_key, &constants) || !has_prime_order(&point)) return NULL;
    handoff_ed25519_table *table = malloc(sizeof *table);
    if (table == NULL || !build(&table->rows[0][0], 8, &point)) {
        free(table);
        return NULL;
    }
    return table;
}

void handoff_ed25519_table_free(handoff_ed25519_table *table) {
    free(table);
}

static int is_below_group_order(const uint8_t scalar[32]) {
    for (int i = 31; i >= 0; i--) {
        if (scalar[i] != group_order[i]) return scalar[i] < group_order[i];
    }
    return 0;
}

/// 64 digits in -8…8 with scalar = Σ digit[i]·16^i; the scalar must be below 2^255.
static void base16_digits(int8_t digits[64], const uint8_t scalar[32]) {
    for (int i = 0; i < 32; i++) {
        digits[2 * i] = scalar[i] & 15;
        digits[2 * i + 1] = scalar[i] >> 4;
    }
    int8_t carry = 0;
    for (int i = 0; i < 63; i++) {
        digits[i] += carry;
        carry = (int8_t)((digits[i] + 8) >> 4);
        digits[i] -= (int8_t)(carry * 16);
    }
    digits[63] += carry;
}

/// 32 digits in -128…128 with scalar = Σ digit[i]·256^i; the scalar must be below 2^255.
static void base256_digits(int16_t digits[32], const uint8_t scalar[32]) {
    int16_t carry = 0;
    for (int i = 0; i < 31; i++) {
        digits[i] = (int16_t)(scalar[i] + carry);
        carry = (int16_t)((digits[i] + 128) >> 8);
        digits[i] -= (int16_t)(carry * 256);
    }
    digits[31] = (int16_t)(scalar[31] + carry);
}

/// Asks for the entry `digit` of `row` to be brought into cache: the entries a check reads are
/// spread over 510 KB, and asking for all of them first lets their reads overlap.
static inline void prefetch_entry(const ge_ready *row, int digit) {
    if (digit == 0) return;
    const char *entry = (const char *)&row[(digit < 0 ? -digit : digit) - 1];
    __builtin_prefetch(entry);
    __builtin_prefetch(entry + 64);
    __builtin_prefetch(entry + sizeof(ge_ready) - 1);
}

/// acc += digit · row (acc -= … when `negate`), for a digit no larger than the row.
static inline void add_digit(ge_extended *acc, const ge_ready *row, int digit, int negate) {
    if (digit == 0) return;
    int subtract = (digit < 0) != negate;
    ge_add_ready(acc, acc, &row[(digit < 0 ? -digit : digit) - 1], subtract, 1);
}

/// Whether `encoding` is y below p (the top bit, x's sign, aside), as libsodium's
/// ge25519_is_canonical asks.
static int is_canonical_encoding(const uint8_t encoding[32]) {
    if ((encoding[31] & 0x7f) != 0x7f) return 1;
    for (int i = 30; i > 0; i--) {
        if (encoding[i] != 0xff) return 1;
    }
    return encoding[0] < 0xed;
}

/// Whether `encoding` is on libsodium's list of encodings of points of small order
/// (ge25519_has_small_order in libsodium 1.0.18, x's sign bit ignored): y = 0, 1, the two y of the
/// points of order 8, p - 1, and the non-canonical p and p + 1.
static int has_small_order_encoding(const uint8_t encoding[32]) {
    static const uint8_t small_order[7][32] = {
        {0x00},
        {0x01},
        {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
         0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
        {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
         0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
        {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
        {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
        {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    };
    for (int i = 0; i < 7; i++) {
        if (memcmp(encoding, small_order[i], 31) == 0 && (encoding[31] & 0x7f) == small_order[i][31]) return 1;
    }
    return 0;
}

int handoff_ed25519_check(const handoff_ed25519_table *key, const uint8_t signature[64], const uint8_t h[32]) {
    const uint8_t *r = signature, *s = signature + 32;
    if (key == NULL || base == NULL || !is_below_group_order(s) || !is_below_group_order(h)) return 0;
    // libsodium's own pre-checks on R, made here too so that this check never depends on the
    // arithmetic below to refuse what libsodium refuses before any arithmetic.
    if (!is_canonical_encoding(r) || has_small_order_encoding(r)) return 0;
    int8_t h_digits[64];
    int16_t s_digits[32];
    base16_digits(h_digits, h);
    base256_digits(s_digits, s);
    for (int i = 0; i < 64; i++) prefetch_entry(key->rows[i / 2], h_digits[i]);
    for (int i = 0; i < 32; i++) prefetch_entry(base->rows[i], s_digits[i]);
    ge_extended acc;
    ge_identity(&acc);
    for (int i = 1; i < 64; i += 2) add_digit(&acc, key->rows[i / 2], h_digits[i], 1);
    ge_double(&acc, &acc, 0);
    ge_double(&acc, &acc, 0);
    ge_double(&acc, &acc, 0);
    ge_double(&acc, &acc, 1);
    for (int i = 0; i < 64; i += 2) add_digit(&acc, key->rows[i / 2], h_digits[i], 1);
    for (int i = 0; i < 32; i++) add_digit(&acc, base->rows[i], s_digits[i], 0);
    uint8_t computed[32];
    ge_tobytes(computed, &acc);
    return memcmp(computed, r, 32) == 0;
}
