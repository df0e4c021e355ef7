// Points of the Ed25519 curve -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates
// (x = X/Z, y = Y/Z, xy = T/Z), with the formulas of Hisil, Wong, Carter and Dawson (2008), which
// hold for every pair of points on this curve. A point's coordinates are always reduced (see
// field.h); each sum and difference in the formulas is loose, except where marked.
#ifndef HANDOFF_ED25519_POINT_H
#define HANDOFF_ED25519_POINT_H

#include "field.h"

typedef struct {
    fe X, Y, Z, T;
} ge_extended;

/// An affine point kept ready for adding: y + x, y - x and 2d·x·y.
typedef struct {
    fe y_plus_x, y_minus_x, xy_2d;
} ge_ready;

/// The curve constants, computed once by `ge_constants_init`.
typedef struct {
    fe d, d2, sqrt_minus_one;
} ge_constants;

void ge_constants_init(ge_constants *constants);

void ge_identity(ge_extended *r);

/// p + q (or p - q when `subtract`), where q is affine. `needs_t`: whether r.T is computed.
static inline void ge_add_ready(ge_extended *r, const ge_extended *p, const ge_ready *q, int subtract, int needs_t) {
    fe sum, difference, a, b, c, d, e, f, g, h;
    fe_add(&sum, &p->Y, &p->X);
    fe_sub(&difference, &p->Y, &p->X);
    fe_mul(&a, &difference, subtract ? &q->y_plus_x : &q->y_minus_x);
    fe_mul(&b, &sum, subtract ? &q->y_minus_x : &q->y_plus_x);
    fe_mul(&c, &p->T, &q->xy_2d);
    fe_add(&d, &p->Z, &p->Z);
    fe_sub(&e, &b, &a);
    fe_add(&h, &b, &a);
    if (subtract) {
        fe_add(&f, &d, &c);
        fe_sub(&g, &d, &c);
    } else {
        fe_sub(&f, &d, &c);
        fe_add(&g, &d, &c);
    }
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->Z, &f, &g);
    if (needs_t) fe_mul(&r->T, &e, &h);
}

/// 2p. `needs_t`: whether r.T is computed (p.T is never read).
static inline void ge_double(ge_extended *r, const ge_extended *p, int needs_t) {
    fe a, b, c, e, f, g, h, sum;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&c, &p->Z);
    fe_add(&c, &c, &c);
    fe_add(&sum, &p->X, &p->Y);
    fe_sq(&e, &sum);
    fe_add(&h, &a, &b);
    fe_sub(&e, &e, &h);                  // 2xy
    fe_sub(&g, &b, &a);                  // y^2 - x^2
    fe_sub_reduced(&f, &g, &c);          // g is loose: one more unreduced term could pass 2^54
    fe_neg(&h, &h);                      // -(x^2 + y^2)
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->Z, &f, &g);
    if (needs_t) fe_mul(&r->T, &e, &h);
}

/// p + q for two extended points.
void ge_add(ge_extended *r, const ge_extended *p, const ge_extended *q, const ge_constants *constants);

/// The point encoded by 32 bytes (y, with x's sign in the top bit); false when the bytes are not
/// a canonical encoding of a point on the curve.
int ge_frombytes(ge_extended *r, const uint8_t in[32], const ge_constants *constants);

/// The canonical encoding of p.
void ge_tobytes(uint8_t out[32], const ge_extended *p);

/// Affine forms of `count` points, with one inversion for all of them (Montgomery's trick).
/// `scratch` holds `count` field elements.
void ge_make_ready(ge_ready *out, const ge_extended *points, int count, fe *scratch, const ge_constants *constants);

#endif
