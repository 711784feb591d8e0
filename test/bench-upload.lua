-- wrk script: checkpoint photo uploads, one participant per request in turn
-- (tokens from $BENCH_TOKENS, one a line), each a raw image/jpeg body read
-- from $BENCH_PHOTO, PUT to checkpoint 1.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
	tokens[#tokens + 1] = line
end
local f = assert(io.open(os.getenv("BENCH_PHOTO"), "rb"))
local photo = f:read("*a")
f:close()
local i = math.random(#tokens)

request = function()
	i = i % #tokens + 1
	return wrk.format("PUT", "/api/activities/1/checkpoints/1/photo",
		{ ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "image/jpeg" }, photo)
end
