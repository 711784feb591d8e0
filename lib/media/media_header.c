/* An image's format and dimensions from its headers (media_header.h). */
#include "media_header.h"

#include <stdbool.h>
#include <string.h>

static const uint8_t png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

enum media_format media_sniff(const uint8_t *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return MEDIA_JPEG;
	if (n >= sizeof png_signature && memcmp(p, png_signature, sizeof png_signature) == 0)
		return MEDIA_PNG;
	return MEDIA_UNKNOWN;
}

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }

/* The start-of-frame markers that carry the dimensions: SOF0-3, 5-7, 9-11, 13-15. */
static bool is_sof(uint8_t m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Walks the JPEG's marker segments up to its frame header. */
static enum media_header_result jpeg_dims(const uint8_t *p, size_t n, struct media_header *h)
{
	size_t i = 2;   /* after SOI */
	for (;;) {
		if (i >= n || p[i] != 0xFF)
			return MEDIA_HEADER_MALFORMED;
		while (i < n && p[i] == 0xFF)
			i++;   /* fill bytes */
		if (i >= n)
			return MEDIA_HEADER_MALFORMED;
		uint8_t marker = p[i++];
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
			continue;   /* standalone markers: no length */
		if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA || marker == 0x00)
			return MEDIA_HEADER_MALFORMED;   /* a second SOI, EOI or scan before any frame */
		if (n - i < 2)
			return MEDIA_HEADER_MALFORMED;
		uint32_t len = be16(p + i);
		if (len < 2 || len > n - i)
			return MEDIA_HEADER_MALFORMED;
		if (is_sof(marker)) {
			if (len < 8)
				return MEDIA_HEADER_MALFORMED;
			h->height = be16(p + i + 3);
			h->width = be16(p + i + 5);
			return MEDIA_HEADER_OK;
		}
		i += len;
	}
}

static enum media_header_result png_dims(const uint8_t *p, size_t n, struct media_header *h)
{
	/* The signature, then IHDR first: length 13, type, width, height. */
	if (n < 8 + 8 + 13 || be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
		return MEDIA_HEADER_MALFORMED;
	h->width = be32(p + 16);
	h->height = be32(p + 20);
	return MEDIA_HEADER_OK;
}

enum media_header_result media_read_header(const uint8_t *p, size_t n, struct media_header *h)
{
	memset(h, 0, sizeof *h);
	h->format = media_sniff(p, n);
	enum media_header_result r = h->format == MEDIA_JPEG ? jpeg_dims(p, n, h)
	                           : h->format == MEDIA_PNG  ? png_dims(p, n, h)
	                                                     : MEDIA_HEADER_UNKNOWN;
	if (r == MEDIA_HEADER_OK && (h->width == 0 || h->height == 0 || h->width > MEDIA_MAX_SIDE ||
	                             h->height > MEDIA_MAX_SIDE))
		r = MEDIA_HEADER_TOO_LARGE;
	return r;
}
