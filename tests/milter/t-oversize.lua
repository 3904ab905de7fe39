-- t-oversize.lua - a body past max_scan_size is held as unscannable, not
-- waved through (the suite runs with max_scan_size 64k).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
-- No secret in what could be read: still recorded for review with its
-- Subject (the fast path for clean mail must not take it).
local conn = lg.send{ rcpts = { "<anyone@example.org>" }, qid = "QOVERSIZE",
	headers = { { "Subject", "Kuukausitiedote" } },
	body = string.rep("harmless text line number whatever\r\n", 3000) }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=unscannable") then
	lg.fail("want quarantine reason unscannable")
end
mt.disconnect(conn)
