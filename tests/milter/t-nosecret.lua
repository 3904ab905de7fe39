-- t-nosecret.lua - no secret: accepted untouched (no header added).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<anyone@example.org>" },
	headers = { { "Subject", "Security tips" } },
	body = "Never share your PIN or password with anyone.\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if mt.eom_check(conn, MT_HDRADD, "X-Leakguard") then lg.fail("header added on fast path") end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined") end
mt.disconnect(conn)
