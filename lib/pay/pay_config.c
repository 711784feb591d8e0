/* pay_client.h's questions of the configuration alone, apart from the client
 * so that a worker can ask them without linking libcurl (walk-worker-lean). */
#include "pay_client.h"

bool pay_configured(const struct walk_config *cfg)
{
	return cfg->pay_mch_id[0] != '\0';
}

const char *pay_client_appid(const struct walk_config *cfg)
{
	return cfg->appid;
}
