#include <vips/vips.h>

// Swift cannot call C variadic functions, so the few libvips calls hepbox needs are wrapped with fixed arguments.

/// The image's header only (decoding is lazy), to check its dimensions before any pixels are decoded.
static inline VipsImage *hepbox_vips_header_from_buffer(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", NULL);
}

/// A thumbnail that fits in width×height, never upscaled, using shrink-on-load where the format allows.
static inline int hepbox_vips_thumbnail_buffer(void *buf, size_t len, VipsImage **out, int width, int height) {
    return vips_thumbnail_buffer(buf, len, out, width, "height", height, "size", VIPS_SIZE_DOWN, NULL);
}

/// Encodes the image in the format of `suffix` (".png", ".jpg[Q=80]"); the buffer is freed with g_free.
static inline int hepbox_vips_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size) {
    return vips_image_write_to_buffer(in, suffix, buf, size, NULL);
}

static inline void hepbox_vips_unref(VipsImage *image) { g_object_unref(image); }
