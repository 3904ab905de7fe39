-- t-quarantine.lua - the namesake's address: quarantined with a reason.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QNAMESAKE",
	headers = { { "Subject", "Tervetuloa" } }, body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=namesake") then
	lg.fail("want quarantine with reason namesake")
end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "hold reason=namesake") then
	lg.fail("want X-Leakguard: hold header")
end
mt.disconnect(conn)
