-- t-unparsable.lua - a bound secret to the customer and to a recipient
-- that is not an address (two '@'): held as recipient_unparsable; nobody
-- is asked who holds such a "recipient" (the question has no answer).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ qid = "QUNPARSABLE", body = lg.welcome_body,
	rcpts = { "<matti.meikalainen@example.fi>", "<a@b@example.net>" } }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=recipient_unparsable") then
	lg.fail("want quarantine with reason recipient_unparsable")
end
mt.disconnect(conn)
