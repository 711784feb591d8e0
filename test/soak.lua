-- wrk script of the soak (test/soak.sh): an evening's mix of the
-- participants' requests, and a record of every answer.
--
-- Run with as many connections as threads (-tN -cN): each thread then has one
-- connection, so that every response() belongs to the request() just before
-- it, and what was asked can be written beside what was answered.
--
-- Environment:
--   SOAK_POOL      "user_id<TAB>token<TAB>sync body of day D<TAB>of day D+1" lines
--   SOAK_CODES     "openid<TAB>code" lines: a login each, used once
--   SOAK_MIDNIGHT  the real time (epoch s) at which the stack's clock reaches
--                  midnight: before it the day D bodies are sent, after it D+1's
--   SOAK_OUT       the folder for answers-<thread>.tsv:
--                  kind, status, json (1/0), error code or "-", user or openid,
--                  and two fields of what a 2xx acknowledged (day and steps;
--                  day; draw id and amount), "-" where none; the time (epoch s);
--                  the milliseconds from the request's making to its answer
--   SOAK_THREADS   wrk's -t (and -c)
--   SOAK_DELAY_MS  optional pause of each connection between requests
local pool, codes = {}, {}
for line in io.lines(os.getenv("SOAK_POOL")) do
	local uid, token, d0, d1 = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
	pool[#pool + 1] = { uid = uid, token = token, body = { d0, d1 } }
end
for line in io.lines(os.getenv("SOAK_CODES")) do
	local openid, code = line:match("^([^\t]+)\t([^\t]+)$")
	codes[#codes + 1] = { openid = openid, code = code }
end
local midnight = tonumber(os.getenv("SOAK_MIDNIGHT"))
local A = "/api/activities/1"

-- One opening of the app is on average: a sync, the summary, a check-in
-- tap (most of them the day's second: refused politely), a look at the team,
-- at a board and at the red envelopes, now and then a draw; a few logins.
local mix = {
	{ "sync", 1.0 }, { "me", 1.0 }, { "checkin", 0.8 }, { "team", 0.5 }, { "board", 0.3 },
	{ "draws", 0.2 }, { "draw", 0.05 }, { "login", 0.02 },
}
local total = 0
for _, m in ipairs(mix) do total = total + m[2] end

-- A monotonic clock in milliseconds (wrk runs LuaJIT: its ffi reaches libc),
-- for each answer's latency by kind: a sync's wait is not a draw's.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
int clock_gettime(int clock_id, soak_timespec *tp);
]]
local ts = ffi.new("soak_timespec")
local function now_ms()
	ffi.C.clock_gettime(1, ts)   -- CLOCK_MONOTONIC
	return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads, counter = {}, 0
function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
	threads[#threads + 1] = thread
end

-- tid: a global of this thread's state, set by setup() above
local out, seq, asked, asked_at, next_code = nil, 0, nil, 0, 0
local nthreads = tonumber(os.getenv("SOAK_THREADS"))
function init(args)
	next_code = tid
	math.randomseed(os.time() * 100 + tid)
	out = assert(io.open(string.format("%s/answers-%d.tsv", os.getenv("SOAK_OUT"), tid), "a"))
	out:setvbuf("line")
end

local function pick()
	local r = math.random() * total
	for _, m in ipairs(mix) do
		r = r - m[2]
		if r <= 0 then return m[1] end
	end
	return "sync"
end

local function auth(p, extra)
	local h = { ["Authorization"] = "Bearer " .. p.token }
	for k, v in pairs(extra or {}) do h[k] = v end
	return h
end

request = function()
	asked_at = now_ms()
	local kind = pick()
	if kind == "login" then
		-- each code once: thread t takes codes t, t + threads, t + 2 × threads, …
		local c = codes[next_code]
		if c == nil then kind = "me" else
			next_code = next_code + nthreads
			asked = { kind = "login", who = c.openid }
			return wrk.format("POST", "/api/login", { ["Content-Type"] = "application/json" },
				'{"code":"' .. c.code .. '"}')
		end
	end
	local p = pool[math.random(#pool)]
	asked = { kind = kind, who = p.uid }
	if kind == "sync" then
		-- the next day's from a second after midnight: the stack's clock and
		-- this one agree to within a second; what is sent in that second is
		-- refused as stale (a payload of yesterday), and the check knows it
		local d = os.time() <= midnight and 1 or 2
		return wrk.format("POST", A .. "/steps/sync", auth(p, { ["Content-Type"] = "application/json" }), p.body[d])
	elseif kind == "checkin" then
		return wrk.format("POST", A .. "/checkin", auth(p))
	elseif kind == "team" then
		return wrk.format("GET", A .. "/teams/mine", auth(p))
	elseif kind == "board" then
		return wrk.format("GET", A .. "/boards/teams?offset=0&limit=50", auth(p))
	elseif kind == "draws" then
		return wrk.format("GET", A .. "/draws", auth(p))
	elseif kind == "draw" then
		seq = seq + 1
		local key = string.format("soak-%d-%d-%08d", os.time(), tid, seq)
		return wrk.format("POST", A .. "/draws", auth(p, { ["Idempotency-Key"] = key }))
	end
	return wrk.format("GET", A .. "/me", auth(p))
end

response = function(status, headers, body)
	if asked == nil then return end
	local ctype = headers["Content-Type"] or headers["content-type"] or ""
	local json = (ctype:find("json", 1, true) and body:match("^%s*[%[{]")) and 1 or 0
	local code = "-"
	if status >= 300 then
		code = body:match('"error":"([^"]*)"') or body:match('"code":"([^"]*)"') or "-"
	end
	local ack = "-\t-"
	if status >= 200 and status < 300 then
		if asked.kind == "sync" then
			ack = (body:match('"day":"([^"]*)"') or "?") .. "\t" .. (body:match('"steps":(%d+)') or "?")
		elseif asked.kind == "checkin" then
			ack = (body:match('"day":"([^"]*)"') or "?") .. "\t-"
		elseif asked.kind == "draw" then
			ack = (body:match('^{"id":(%d+)') or body:match('"id":(%d+)') or "?") .. "\t" ..
				(body:match('"amount_fen":(%d+)') or "?")
		end
	end
	out:write(string.format("%s\t%d\t%d\t%s\t%s\t%s\t%d\t%.1f\n", asked.kind, status, json, code, asked.who, ack, os.time(),
		now_ms() - asked_at))
	asked = nil
end

local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "")
if pause then
	delay = function() return pause end
end
