/* Support routines linked into every cpu-backend library and AOT object.
 *
 * LLVM lowers fptrunc to bfloat on x86-64 CPUs without AVX512-BF16 into calls to
 * __truncsfbf2 / __truncdfbf2. libgcc provides them only from GCC 13 on; Debian bookworm has
 * GCC 12, where the kernel would fail to load with "undefined symbol". The definitions are weak,
 * so a libgcc that has them wins.
 *
 * bfloat16 travels like _Float16 in the x86-64 psABI (low 16 bits of xmm0), so _Float16 is the
 * carrier type here; GCC 12 has no __bf16 type to write it directly.
 */
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__FLT16_MANT_DIG__)

typedef _Float16 tiledsl_bf16_carrier;

static uint16_t tiledsl_f32_to_bf16_bits(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((u >> 16) | 0x40u); /* NaN stays NaN (quiet) */
    u += 0x7fffu + ((u >> 16) & 1u);          /* round to nearest, ties to even */
    return (uint16_t)(u >> 16);
}

static tiledsl_bf16_carrier tiledsl_bits_to_carrier(uint16_t bits) {
    tiledsl_bf16_carrier r;
    memcpy(&r, &bits, sizeof r);
    return r;
}

__attribute__((weak)) tiledsl_bf16_carrier __truncsfbf2(float x) {
    return tiledsl_bits_to_carrier(tiledsl_f32_to_bf16_bits(x));
}

__attribute__((weak)) tiledsl_bf16_carrier __truncdfbf2(double x) {
    /* Round to float with round-to-odd, then to bf16 with round-to-nearest-even: rounding
       twice this way gives the correctly rounded result (float keeps 16 more bits). */
    float f = (float)x;
    if (x == x && (double)f != x) {
        uint32_t u;
        memcpy(&u, &f, sizeof u);
        if (__builtin_fabs((double)f) > __builtin_fabs(x))
            u -= 1; /* f was rounded away from zero: step back toward zero (truncate) */
        u |= 1u;    /* sticky bit: the value was inexact */
        memcpy(&f, &u, sizeof f);
    }
    return tiledsl_bits_to_carrier(tiledsl_f32_to_bf16_bits(f));
}

#else
/* Nothing needed on this target; keeps the translation unit non-empty (ISO C). */
typedef int tiledsl_rt_empty;
#endif
