-- common.lua - shared steps for leakguard's miltertest scripts.  Each
-- script connects to the socket in $LG_SOCKET, sends one message, and
-- checks the reply to end of message and the modifications.
lg = {}

function lg.fail(msg)
	mt.echo("FAIL: " .. msg)
	error(msg)
end

-- lg.send(t) - t.from, t.rcpts, t.headers ({name, value} pairs), t.body,
-- t.client (IP, default 127.0.0.1), t.sasl (SASL login, default none); returns the connection after EOM
function lg.send(t)
	local conn = mt.connect(os.getenv("LG_SOCKET"), 40, 0.25)
	if conn == nil then lg.fail("mt.connect failed") end
	if mt.conninfo(conn, "client.example", t.client or "127.0.0.1") ~= nil then
		lg.fail("conninfo failed")
	end
	if t.sasl then
		mt.macro(conn, SMFIC_MAIL, "i", t.qid or "TESTQID",
			"{auth_authen}", t.sasl)
	else
		mt.macro(conn, SMFIC_MAIL, "i", t.qid or "TESTQID")
	end
	if mt.mailfrom(conn, t.from or "<noreply@telecom.example>") ~= nil then
		lg.fail("mailfrom failed")
	end
	for _, r in ipairs(t.rcpts) do
		if mt.rcptto(conn, r) ~= nil then lg.fail("rcptto failed") end
	end
	for _, h in ipairs(t.headers or {}) do
		if mt.header(conn, h[1], h[2]) ~= nil then lg.fail("header failed") end
	end
	-- libmilter takes body chunks of at most 64 KB, as Postfix sends them
	local pos = 1
	while pos <= #t.body do
		if mt.bodystring(conn, string.sub(t.body, pos, pos + 65534)) ~= nil then
			lg.fail("body failed")
		end
		pos = pos + 65535
	end
	if mt.eom(conn) ~= nil then lg.fail("eom failed") end
	return conn
end

lg.welcome_body = "Hei Matti,\r\n\r\nAsiakasnumero: 100001\r\nPIN-koodi: 4821\r\n"
return lg
