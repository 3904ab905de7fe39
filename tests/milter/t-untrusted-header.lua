-- t-untrusted-header.lua - the same header from an untrusted client does
-- not bind: the secret is unbound and the mail held; the header still goes.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" }, client = "192.0.2.7",
	headers = { { "X-Leakguard-Customer", "100001" } },
	body = "Uusi salasana: Kissa-7241\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=unbound_secret") then
	lg.fail("want quarantine reason unbound_secret")
end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Leakguard-Customer") then
	lg.fail("binding header not removed")
end
mt.disconnect(conn)
