-- t-monitor.lua - monitor mode: the namesake's mail is recorded and
-- logged as a would-be hold, and passes (no quarantine).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QMONITOR",
	body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined in monitor mode") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=namesake (monitor: would hold)") then
	lg.fail("want X-Leakguard: pass reason=namesake (monitor: would hold)")
end
mt.disconnect(conn)
