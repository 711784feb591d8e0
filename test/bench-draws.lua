-- wrk script: red-envelope draws, each with a key of its own, by the
-- participants of $BENCH_REQS ("token<TAB>…" lines; the body is not used).
local tokens = {}
for line in io.lines(os.getenv("BENCH_REQS")) do
	tokens[#tokens + 1] = line:match("^([^\t]+)\t")
end
local n, thread_tag = 0, tostring(math.random(1, 1000000000))
local i = math.random(#tokens)

request = function()
	n = n + 1
	i = i % #tokens + 1
	local headers = {
		["Authorization"] = "Bearer " .. tokens[i],
		["Idempotency-Key"] = string.format("bench-%s-%012d", thread_tag, n),
	}
	return wrk.format("POST", "/api/activities/1/draws", headers)
end
