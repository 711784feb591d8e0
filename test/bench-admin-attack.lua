-- wrk script: failed admin logins from many clients.  The dev stack's nginx
-- trusts X-Real-IP from loopback, so each request stands for one of 4,096
-- addresses of 127.0.0.0/8, with a username of its own: nginx's per-client
-- limits and the worker's throttle per address and username hardly ever see
-- one twice, and what bounds the PBKDF2 spent is the limits that all clients
-- share (nginx's rate for the whole login, the worker's PBKDF2 slots).
math.randomseed(os.time())

request = function()
	local addr = string.format("127.%d.%d.%d", math.random(1, 16), math.random(0, 15), math.random(1, 16))
	local body = string.format('{"username":"guess-%d","password":"not-the-password"}', math.random(1, 1e9))
	return wrk.format("POST", "/admin/api/login",
		{ ["Content-Type"] = "application/json", ["X-Real-IP"] = addr }, body)
end
