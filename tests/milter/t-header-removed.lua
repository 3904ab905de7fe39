-- t-header-removed.lua - a trusted binding header binds the mail and is
-- removed; a stale X-Leakguard header from the client is removed too.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" },
	headers = { { "X-Leakguard-Customer", "100001" }, { "X-Leakguard", "pass forged" } },
	body = "Uusi salasana: Kissa-7241\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Leakguard-Customer") then
	lg.fail("binding header not removed")
end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Leakguard") then
	lg.fail("forged result header not removed")
end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=recipient_verified") then
	lg.fail("want pass via header binding")
end
mt.disconnect(conn)
