// Arithmetic modulo p = 2^255 - 19 on five 51-bit limbs (radix 2^51), for Ed25519 verification.
//
// Bounds: a limb is "reduced" below 2^52 and "loose" below 2^54. Multiplication and squaring
// take loose limbs (the column sums then stay below 2^115, the top carry times 19 below 2^64) and
// return reduced ones. `fe_add` and `fe_sub` skip the carry pass: each says what its result is
// bounded by, and the point formulas use them only where that bound fits the next step;
// `fe_add_reduced` and `fe_sub_reduced` return reduced limbs from loose ones. Nothing here is
// constant-time; it only ever handles public data (keys, signatures, messages).
#ifndef HANDOFF_ED25519_FIELD_H
#define HANDOFF_ED25519_FIELD_H

#include <stdint.h>

typedef struct {
    uint64_t limb[5];
} fe;

#define FE_MASK51 ((uint64_t)0x7ffffffffffff)

typedef unsigned __int128 fe_wide;

static inline void fe_set_small(fe *r, uint64_t value) {
    r->limb[0] = value;
    r->limb[1] = r->limb[2] = r->limb[3] = r->limb[4] = 0;
}

/// Carries each limb's bits above 51 into the next, the top one back into the bottom times 19.
static inline void fe_carry(fe *r) {
    uint64_t *h = r->limb;
    uint64_t c;
    c = h[0] >> 51; h[0] &= FE_MASK51; h[1] += c;
    c = h[1] >> 51; h[1] &= FE_MASK51; h[2] += c;
    c = h[2] >> 51; h[2] &= FE_MASK51; h[3] += c;
    c = h[3] >> 51; h[3] &= FE_MASK51; h[4] += c;
    c = h[4] >> 51; h[4] &= FE_MASK51; h[0] += 19 * c;
}

/// a + b without carrying: reduced inputs give limbs below 2^53, reduced plus 2^53 below 2^54.
static inline void fe_add(fe *r, const fe *a, const fe *b) {
    for (int i = 0; i < 5; i++) r->limb[i] = a->limb[i] + b->limb[i];
}

/// a - b without carrying, computed as a + 4p - b: b's limbs must be below 2^53 - 76 (a reduced
/// b, or the sum of two), and the result is below a's bound plus 2^53.
static inline void fe_sub(fe *r, const fe *a, const fe *b) {
    r->limb[0] = a->limb[0] + 0x1fffffffffffb4 - b->limb[0];
    for (int i = 1; i < 5; i++) r->limb[i] = a->limb[i] + 0x1ffffffffffffc - b->limb[i];
}

/// a + b with reduced limbs, for loose a and b.
static inline void fe_add_reduced(fe *r, const fe *a, const fe *b) {
    fe_add(r, a, b);
    fe_carry(r);
}

/// a - b with reduced limbs, computed as a + 8p - b, for loose a and b.
static inline void fe_sub_reduced(fe *r, const fe *a, const fe *b) {
    r->limb[0] = a->limb[0] + 0x3fffffffffff68 - b->limb[0];
    for (int i = 1; i < 5; i++) r->limb[i] = a->limb[i] + 0x3ffffffffffff8 - b->limb[i];
    fe_carry(r);
}

/// -a with reduced limbs, for loose a.
static inline void fe_neg(fe *r, const fe *a) {
    fe zero;
    fe_set_small(&zero, 0);
    fe_sub_reduced(r, &zero, a);
}

/// Folds five 128-bit column sums into reduced limbs.
static inline void fe_fold(fe *r, fe_wide t0, fe_wide t1, fe_wide t2, fe_wide t3, fe_wide t4) {
    uint64_t *h = r->limb;
    t1 += (uint64_t)(t0 >> 51); h[0] = (uint64_t)t0 & FE_MASK51;
    t2 += (uint64_t)(t1 >> 51); h[1] = (uint64_t)t1 & FE_MASK51;
    t3 += (uint64_t)(t2 >> 51); h[2] = (uint64_t)t2 & FE_MASK51;
    t4 += (uint64_t)(t3 >> 51); h[3] = (uint64_t)t3 & FE_MASK51;
    uint64_t top = (uint64_t)(t4 >> 51); h[4] = (uint64_t)t4 & FE_MASK51;
    h[0] += 19 * top;
    h[1] += h[0] >> 51; h[0] &= FE_MASK51;
}

static inline void fe_mul(fe *r, const fe *a, const fe *b) {
    const uint64_t *x = a->limb, *y = b->limb;
    uint64_t y1_19 = 19 * y[1], y2_19 = 19 * y[2], y3_19 = 19 * y[3], y4_19 = 19 * y[4];
    fe_wide t0 = (fe_wide)x[0] * y[0] + (fe_wide)x[1] * y4_19 + (fe_wide)x[2] * y3_19 + (fe_wide)x[3] * y2_19 + (fe_wide)x[4] * y1_19;
    fe_wide t1 = (fe_wide)x[0] * y[1] + (fe_wide)x[1] * y[0] + (fe_wide)x[2] * y4_19 + (fe_wide)x[3] * y3_19 + (fe_wide)x[4] * y2_19;
    fe_wide t2 = (fe_wide)x[0] * y[2] + (fe_wide)x[1] * y[1] + (fe_wide)x[2] * y[0] + (fe_wide)x[3] * y4_19 + (fe_wide)x[4] * y3_19;
    fe_wide t3 = (fe_wide)x[0] * y[3] + (fe_wide)x[1] * y[2] + (fe_wide)x[2] * y[1] + (fe_wide)x[3] * y[0] + (fe_wide)x[4] * y4_19;
    fe_wide t4 = (fe_wide)x[0] * y[4] + (fe_wide)x[1] * y[3] + (fe_wide)x[2] * y[2] + (fe_wide)x[3] * y[1] + (fe_wide)x[4] * y[0];
    fe_fold(r, t0, t1, t2, t3, t4);
}

static inline void fe_sq(fe *r, const fe *a) {
    const uint64_t *x = a->limb;
    uint64_t d0 = 2 * x[0], d1 = 2 * x[1], d3_19 = 2 * 19 * x[3], x3_19 = 19 * x[3], x4_19 = 19 * x[4];
    fe_wide t0 = (fe_wide)x[0] * x[0] + (fe_wide)d1 * x4_19 + (fe_wide)(2 * x[2]) * x3_19;
    fe_wide t1 = (fe_wide)d0 * x[1] + (fe_wide)(2 * x[2]) * x4_19 + (fe_wide)x[3] * x3_19;
    fe_wide t2 = (fe_wide)d0 * x[2] + (fe_wide)x[1] * x[1] + (fe_wide)d3_19 * x[4];
    fe_wide t3 = (fe_wide)d0 * x[3] + (fe_wide)d1 * x[2] + (fe_wide)x[4] * x4_19;
    fe_wide t4 = (fe_wide)d0 * x[4] + (fe_wide)d1 * x[3] + (fe_wide)x[2] * x[2];
    fe_fold(r, t0, t1, t2, t3, t4);
}

/// a squared `count` times.
static inline void fe_sq_times(fe *r, const fe *a, int count) {
    fe_sq(r, a);
    for (int i = 1; i < count; i++) fe_sq(r, r);
}

/// 1/a (0 for 0).
void fe_invert(fe *r, const fe *a);
/// a^((p-5)/8), the heart of a square root.
void fe_pow22523(fe *r, const fe *a);
/// The canonical 32-byte little-endian encoding (fully reduced below p).
void fe_tobytes(uint8_t out[32], const fe *a);
/// The value of 32 little-endian bytes with the top bit ignored; false when it is not below p.
int fe_frombytes_canonical(fe *r, const uint8_t in[32]);
/// Whether a and b are the same element.
int fe_equal(const fe *a, const fe *b);
/// Whether a is zero.
int fe_is_zero(const fe *a);
/// The low bit of a's canonical encoding (the "sign" of x).
int fe_is_negative(const fe *a);

#endif
