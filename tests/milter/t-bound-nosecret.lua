-- t-bound-nosecret.lua - verify_bound_mail (default yes): a mail bound to
-- customer 100001 by a trusted header, in a wording no detector knows, is
-- checked all the same: to the namesake's address it is held, to the
-- customer's own address it passes as verified.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local body = "Hei Matti,\r\n\r\nTilisi avattiin. Tunnistusmerkkijono tulee " ..
	"t\195\164ss\195\164 viestiss\195\164 erikseen.\r\n"
local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QBOUNDNS",
	headers = { { "X-Leakguard-Customer", "100001" }, { "Subject", "Tili" } },
	body = body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=namesake") then
	lg.fail("bound mail without a recognised secret to the namesake: want hold reason=namesake")
end
mt.disconnect(conn)
conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" }, qid = "QBOUNDOK",
	headers = { { "X-Leakguard-Customer", "100001" }, { "Subject", "Tili" } },
	body = body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined the customer's own mail") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=recipient_verified") then
	lg.fail("want pass reason=recipient_verified")
end
mt.disconnect(conn)
