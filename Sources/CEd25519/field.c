#include "field.h"

// Both powers share the chain a^(2^250 - 1) of ref10 and the papers before it: 254 squarings and
// 11 multiplications for an inversion.
static void fe_pow_2_250_minus_1(fe *r, fe *a11, const fe *a) {
    fe a2, a9, t, a_5, a_10, a_20, a_40, a_50, a_100, a_200;
    fe_sq(&a2, a);                       // a^2
    fe_sq_times(&t, &a2, 2);             // a^8
    fe_mul(&a9, &t, a);                  // a^9
    fe_mul(a11, &a9, &a2);               // a^11
    fe_sq(&t, a11);                      // a^22
    fe_mul(&a_5, &t, &a9);               // a^(2^5 - 1)
    fe_sq_times(&t, &a_5, 5);
    fe_mul(&a_10, &t, &a_5);             // a^(2^10 - 1)
    fe_sq_times(&t, &a_10, 10);
    fe_mul(&a_20, &t, &a_10);            // a^(2^20 - 1)
    fe_sq_times(&t, &a_20, 20);
    fe_mul(&a_40, &t, &a_20);            // a^(2^40 - 1)
    fe_sq_times(&t, &a_40, 10);
    fe_mul(&a_50, &t, &a_10);            // a^(2^50 - 1)
    fe_sq_times(&t, &a_50, 50);
    fe_mul(&a_100, &t, &a_50);           // a^(2^100 - 1)
    fe_sq_times(&t, &a_100, 100);
    fe_mul(&a_200, &t, &a_100);          // a^(2^200 - 1)
    fe_sq_times(&t, &a_200, 50);
    fe_mul(r, &t, &a_50);                // a^(2^250 - 1)
}

void fe_invert(fe *r, const fe *a) {
    fe a11, t;
    fe_pow_2_250_minus_1(&t, &a11, a);
    fe_sq_times(&t, &t, 5);              // a^(2^255 - 32)
    fe_mul(r, &t, &a11);                 // a^(2^255 - 21) = a^(p - 2)
}

void fe_pow22523(fe *r, const fe *a) {
    fe a11, t;
    fe_pow_2_250_minus_1(&t, &a11, a);
    fe_sq_times(&t, &t, 2);              // a^(2^252 - 4)
    fe_mul(r, &t, a);                    // a^(2^252 - 3) = a^((p - 5) / 8)
}

void fe_tobytes(uint8_t out[32], const fe *a) {
    fe t = *a;
    fe_carry(&t);
    fe_carry(&t);
    // Now t < 2^255 + 2^13; t >= p exactly when t + 19 carries out of bit 255.
    uint64_t *h = t.limb;
    uint64_t q = (h[0] + 19) >> 51;
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    h[0] += 19 * q;
    h[1] += h[0] >> 51; h[0] &= FE_MASK51;
    h[2] += h[1] >> 51; h[1] &= FE_MASK51;
    h[3] += h[2] >> 51; h[2] &= FE_MASK51;
    h[4] += h[3] >> 51; h[3] &= FE_MASK51;
    h[4] &= FE_MASK51;
    uint64_t words[4] = {
        h[0] | (h[1] << 51),
        (h[1] >> 13) | (h[2] << 38),
        (h[2] >> 26) | (h[3] << 25),
        (h[3] >> 39) | (h[4] << 12),
    };
    for (int w = 0; w < 4; w++) {
        for (int b = 0; b < 8; b++) out[8 * w + b] = (uint8_t)(words[w] >> (8 * b));
    }
}

static uint64_t load64(const uint8_t *in) {
    uint64_t value = 0;
    for (int b = 7; b >= 0; b--) value = (value << 8) | in[b];
    return value;
}

int fe_frombytes_canonical(fe *r, const uint8_t in[32]) {
    uint64_t w0 = load64(in), w1 = load64(in + 8), w2 = load64(in + 16), w3 = load64(in + 24) & 0x7fffffffffffffff;
    r->limb[0] = w0 & FE_MASK51;
    r->limb[1] = ((w0 >> 51) | (w1 << 13)) & FE_MASK51;
    r->limb[2] = ((w1 >> 38) | (w2 << 26)) & FE_MASK51;
    r->limb[3] = ((w2 >> 25) | (w3 << 39)) & FE_MASK51;
    r->limb[4] = w3 >> 12;
    // Below p unless every limb is all ones except the lowest, which is at least 2^51 - 19.
    int top_all_ones = r->limb[4] == FE_MASK51 && r->limb[3] == FE_MASK51 && r->limb[2] == FE_MASK51 && r->limb[1] == FE_MASK51;
    return !(top_all_ones && r->limb[0] >= FE_MASK51 - 18);
}

int fe_equal(const fe *a, const fe *b) {
    uint8_t x[32], y[32];
    fe_tobytes(x, a);
    fe_tobytes(y, b);
    uint8_t difference = 0;
    for (int i = 0; i < 32; i++) difference |= x[i] ^ y[i];
    return difference == 0;
}

int fe_is_zero(const fe *a) {
    fe zero;
    fe_set_small(&zero, 0);
    return fe_equal(a, &zero);
}

int fe_is_negative(const fe *a) {
    uint8_t bytes[32];
    fe_tobytes(bytes, a);
    return bytes[0] & 1;
}
