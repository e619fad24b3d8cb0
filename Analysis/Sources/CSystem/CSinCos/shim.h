// Sine and cosine of one argument. glibc's sincos (a GNU extension, so not in the Glibc module
// without _GNU_SOURCE) does one range reduction for both and is bit-identical to sin() and cos();
// elsewhere the two calls.
#include <math.h>

#if defined(__GLIBC__)
extern void sincos(double x, double *sine, double *cosine);
#endif

static inline void hepbox_sincos(double x, double *sine, double *cosine) {
#if defined(__GLIBC__)
    sincos(x, sine, cosine);
#else
    *sine = sin(x);
    *cosine = cos(x);
#endif
}
