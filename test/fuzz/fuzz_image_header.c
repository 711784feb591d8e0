/* media_read_header() and, for small images, media_decode() (media_header.h,
 * media_image.h).  Properties: the header reader never accepts a side of 0 or
 * over MEDIA_MAX_SIDE, agrees with media_sniff() on the format, and a decoded
 * image has the header's dimensions (swapped by an EXIF quarter turn). */
#include "fuzz.h"

#include "media_header.h"
#include "media_image.h"

#include <stdbool.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct media_header h;
	enum media_header_result r = media_read_header(data, size, &h);
	FUZZ_CHECK(h.format == media_sniff(data, size));
	if (r != MEDIA_HEADER_OK)
		return 0;
	FUZZ_CHECK(h.width >= 1 && h.width <= MEDIA_MAX_SIDE && h.height >= 1 && h.height <= MEDIA_MAX_SIDE);
	if ((uint64_t)h.width * h.height > 256 * 256)
		return 0;   /* the decoders' time, not their safety, grows beyond */
	struct media_image img;
	if (media_decode(data, size, &img) == MEDIA_DECODE_OK) {
		bool same = (uint32_t)img.width == h.width && (uint32_t)img.height == h.height;
		bool turned = (uint32_t)img.width == h.height && (uint32_t)img.height == h.width;
		FUZZ_CHECK(same || turned);
		media_image_free(&img);
	}
	return 0;
}
