/* A mini-program code's scene (wx_qrcode.h): apart from the calls to WeChat,
 * for the workers that resolve a scene without linking libcurl. */
#include "wx_qrcode.h"

#include <string.h>

bool wx_scene_valid(const char *scene)
{
	static const char allowed[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                              "!#$&'()*+,/:;=?@-._~";
	size_t n = strlen(scene);
	return n >= 1 && n <= WX_SCENE_MAX && strspn(scene, allowed) == n;
}
