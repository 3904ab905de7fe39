-- t-count-error.lua - run against a leakguard whose ldap_count_entries()
-- fails wherever the answer would be "none" (fail_count_entries.c): an
-- unknown customer and a recipient nobody holds both tempfail with 451
-- 4.7.1, never read as "no such customer" or "no owner".
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local function want_451(conn, what)
	if mt.getreply(conn) ~= SMFIR_REPLYCODE then lg.fail(what .. ": want a reply code") end
	if not mt.eom_check(conn, MT_SMTPREPLY, "451", "4.7.1",
	    "leakguard: customer directory unavailable, try again later") then
		lg.fail(what .. ": want 451 4.7.1")
	end
	mt.disconnect(conn)
end
want_451(lg.send{ qid = "QCOUNTCUST", rcpts = { "<matti.meikalainen@example.fi>" },
	body = "Asiakasnumero: 999999\r\nPIN-koodi: 4821\r\n" }, "unknown customer")
want_451(lg.send{ qid = "QCOUNTOWNER", rcpts = { "<nobody.holds.this@example.net>" },
	body = lg.welcome_body }, "recipient nobody holds")
