-- t-bound-nosecret-off.lua - with verify_bound_mail no, the same bound mail
-- without a recognised secret takes the fast path and passes untouched.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QBOUNDOFF",
	headers = { { "X-Leakguard-Customer", "100001" } },
	body = "Hei Matti,\r\n\r\nTilisi avattiin.\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined with verify_bound_mail no") end
mt.disconnect(conn)
