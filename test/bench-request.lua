-- wrk script: cycles through prepared participant requests, one per line of
-- $BENCH_REQS ("token<TAB>body"), as $BENCH_METHOD on $BENCH_PATH.  With
-- $BENCH_DELAY_MS, each connection waits that long before its next request,
-- so that the load is a steady rate below the machine's ceiling.
local requests = {}
for line in io.lines(os.getenv("BENCH_REQS")) do
	local token, body = line:match("^([^\t]+)\t(.*)$")
	requests[#requests + 1] = { token = token, body = body }
end
local method, path = os.getenv("BENCH_METHOD"), os.getenv("BENCH_PATH")
local i = math.random(#requests)

request = function()
	i = i % #requests + 1
	local r = requests[i]
	local headers = { ["Authorization"] = "Bearer " .. r.token }
	if method == "GET" then
		return wrk.format("GET", path, headers)
	end
	headers["Content-Type"] = "application/json"
	return wrk.format(method, path, headers, r.body)
end

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause then
	delay = function()
		return pause
	end
end
