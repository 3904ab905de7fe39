-- t-oversize.lua - a body past max_scan_size is held as unscannable, not
-- waved through (the suite runs with max_scan_size 64k).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
-- What could be read is still recorded for review: the customer number
-- of the first part, and the Subject with its PIN masked.
local conn = lg.send{ rcpts = { "<anyone@example.org>" }, qid = "QOVERSIZE",
	headers = { { "Subject", "Tunnuksesi: PIN-koodi 4821" } },
	body = "Asiakasnumero: 100001\r\n" ..
	    string.rep("harmless text line number whatever\r\n", 3000) }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=unscannable") then
	lg.fail("want quarantine reason unscannable")
end
mt.disconnect(conn)
