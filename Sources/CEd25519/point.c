#include "point.h"

void ge_constants_init(ge_constants *constants) {
    fe numerator, denominator, two, root;
    // d = -121665 / 121666
    fe_set_small(&numerator, 121665);
    fe_neg(&numerator, &numerator);
    fe_set_small(&denominator, 121666);
    fe_invert(&denominator, &denominator);
    fe_mul(&constants->d, &numerator, &denominator);
    fe_add_reduced(&constants->d2, &constants->d, &constants->d);
    // sqrt(-1) = 2^((p - 1) / 4) = (2^((p - 5) / 8))^2 · 2
    fe_set_small(&two, 2);
    fe_pow22523(&root, &two);
    fe_sq(&root, &root);
    fe_mul(&constants->sqrt_minus_one, &root, &two);
}

void ge_identity(ge_extended *r) {
    fe_set_small(&r->X, 0);
    fe_set_small(&r->Y, 1);
    fe_set_small(&r->Z, 1);
    fe_set_small(&r->T, 0);
}

void ge_add(ge_extended *r, const ge_extended *p, const ge_extended *q, const ge_constants *constants) {
    // Every sum and difference below is of reduced limbs (or 2Z1Z2 and a reduced one), so loose.
    fe a, b, c, d, e, f, g, h, t1, t2;
    fe_sub(&t1, &p->Y, &p->X);
    fe_sub(&t2, &q->Y, &q->X);
    fe_mul(&a, &t1, &t2);
    fe_add(&t1, &p->Y, &p->X);
    fe_add(&t2, &q->Y, &q->X);
    fe_mul(&b, &t1, &t2);
    fe_mul(&c, &p->T, &q->T);
    fe_mul(&c, &c, &constants->d2);
    fe_mul(&d, &p->Z, &q->Z);
    fe_add(&d, &d, &d);
    fe_sub(&e, &b, &a);
    fe_sub(&f, &d, &c);
    fe_add(&g, &d, &c);
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->Z, &f, &g);
    fe_mul(&r->T, &e, &h);
}

int ge_frombytes(ge_extended *r, const uint8_t in[32], const ge_constants *constants) {
    fe y, yy, u, v, v3, x, check, minus_u, one;
    if (!fe_frombytes_canonical(&y, in)) return 0;
    fe_set_small(&one, 1);
    fe_sq(&yy, &y);
    fe_sub_reduced(&u, &yy, &one);                 // y^2 - 1
    fe_mul(&v, &yy, &constants->d);
    fe_add_reduced(&v, &v, &one);                  // d y^2 + 1
    // x = u v^3 (u v^7)^((p - 5) / 8), a square root of u / v when one exists.
    fe_sq(&v3, &v);
    fe_mul(&v3, &v3, &v);
    fe_sq(&x, &v3);
    fe_mul(&x, &x, &v);
    fe_mul(&x, &x, &u);
    fe_pow22523(&x, &x);
    fe_mul(&x, &x, &v3);
    fe_mul(&x, &x, &u);
    fe_sq(&check, &x);
    fe_mul(&check, &check, &v);
    if (!fe_equal(&check, &u)) {
        fe_neg(&minus_u, &u);
        if (!fe_equal(&check, &minus_u)) return 0;
        fe_mul(&x, &x, &constants->sqrt_minus_one);
    }
    int sign = in[31] >> 7;
    if (fe_is_zero(&x) && sign) return 0;
    if (fe_is_negative(&x) != sign) fe_neg(&x, &x);
    r->X = x;
    r->Y = y;
    fe_set_small(&r->Z, 1);
    fe_mul(&r->T, &x, &y);
    return 1;
}

void ge_tobytes(uint8_t out[32], const ge_extended *p) {
    fe z_inverse, x, y;
    fe_invert(&z_inverse, &p->Z);
    fe_mul(&x, &p->X, &z_inverse);
    fe_mul(&y, &p->Y, &z_inverse);
    fe_tobytes(out, &y);
    out[31] ^= (uint8_t)(fe_is_negative(&x) << 7);
}

void ge_make_ready(ge_ready *out, const ge_extended *points, int count, fe *scratch, const ge_constants *constants) {
    if (count <= 0) return;
    // scratch[i] = Z_0 · … · Z_i, then walked back to give each 1/Z_i.
    scratch[0] = points[0].Z;
    for (int i = 1; i < count; i++) fe_mul(&scratch[i], &scratch[i - 1], &points[i].Z);
    fe inverse;
    fe_invert(&inverse, &scratch[count - 1]);
    for (int i = count - 1; i >= 0; i--) {
        fe z_inverse, x, y, xy;
        if (i > 0) {
            fe_mul(&z_inverse, &inverse, &scratch[i - 1]);
            fe_mul(&inverse, &inverse, &points[i].Z);
        } else {
            z_inverse = inverse;
        }
        fe_mul(&x, &points[i].X, &z_inverse);
        fe_mul(&y, &points[i].Y, &z_inverse);
        fe_add_reduced(&out[i].y_plus_x, &y, &x);
        fe_sub_reduced(&out[i].y_minus_x, &y, &x);
        fe_mul(&xy, &x, &y);
        fe_mul(&out[i].xy_2d, &xy, &constants->d2);
    }
}
