-- t-hidden-customer.lua - issue 9: one mail cannot hide a second customer.
-- 64 lines of customer 100002's number (filling the listed hits), then
-- 100001's number and PIN, sent to 100002's own address: the second
-- customer still counts, so the mail is held as binding_conflict.  And 20
-- binding header instances from a trusted client, the last naming
-- another customer: held the same way.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local body = string.rep("Asiakasnumero: 100002\r\n", 64) ..
	"Asiakasnumero: 100001\r\nPIN-koodi: 4821\r\n"
local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QHIDDEN",
	headers = { { "Subject", "Tervetuloa" } }, body = body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=binding_conflict") then
	lg.fail("64+1 customer numbers: want hold reason=binding_conflict")
end
mt.disconnect(conn)

local headers = { { "Subject", "Tervetuloa" } }
for i = 1, 19 do table.insert(headers, { "X-Leakguard-Customer", "100002" }) end
table.insert(headers, { "X-Leakguard-Customer", "100001" })
conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = "QHIDDENHDR",
	headers = headers, body = "PIN-koodi: 4821\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=binding_conflict") then
	lg.fail("20 binding headers: want hold reason=binding_conflict")
end
mt.disconnect(conn)
