// glibc's sincos (a GNU extension, so not in the Glibc module without _GNU_SOURCE): sine and
// cosine of one argument with one range reduction, bit-identical to sin() and cos().
void sincos(double x, double *sine, double *cosine);
