-- t-reload-inflight.lua - a mail whose MAIL FROM came before a reload is
-- judged by the configuration it started with: the script starts the
-- namesake's mail under "mode enforce", runs $LG_RELOAD_CMD (switch to
-- "mode monitor", SIGHUP, wait for the reload's log line), finishes the
-- mail (want: quarantined), then sends the same mail again on the same
-- connection (want: passed, monitor).  Used by tests/e2e/t-reload.sh.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = mt.connect(os.getenv("LG_SOCKET"), 40, 0.25)
if conn == nil then lg.fail("mt.connect failed") end
if mt.conninfo(conn, "client.example", "127.0.0.1") ~= nil then lg.fail("conninfo") end

local function start(qid)
	mt.macro(conn, SMFIC_MAIL, "i", qid)
	if mt.mailfrom(conn, "<noreply@telecom.example>") ~= nil then lg.fail("mailfrom") end
	if mt.rcptto(conn, "<matti.m@example.net>") ~= nil then lg.fail("rcptto") end
end
local function finish()
	if mt.bodystring(conn, lg.welcome_body) ~= nil then lg.fail("body") end
	if mt.eom(conn) ~= nil then lg.fail("eom") end
	if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
end

start("QINFLIGHT")
local rc = os.execute(os.getenv("LG_RELOAD_CMD"))	-- Lua 5.1: 0; 5.2+: true
if rc ~= 0 and rc ~= true then lg.fail("reload command failed") end
finish()
if not mt.eom_check(conn, MT_QUARANTINE) then
	lg.fail("mail started before the reload not judged by its config (enforce): not quarantined")
end
start("QAFTER")
finish()
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("next mail quarantined after reload to monitor") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=namesake (monitor: would hold)") then
	lg.fail("next mail: want X-Leakguard: pass reason=namesake (monitor: would hold)")
end
mt.disconnect(conn)
