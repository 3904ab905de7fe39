-- t-owner-error.lua - run against a leakguard whose directory finds the
-- customer but refuses to say who holds another recipient (run.sh makes
-- slapd refuse that search): 451 4.7.1, never "nobody holds it", which
-- would hold the mail as a plain mismatch or, worse, miss a namesake.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ qid = "QOWNERERR", rcpts = { "<someone.else@example.net>" },
	body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_REPLYCODE then lg.fail("want a reply code") end
if not mt.eom_check(conn, MT_SMTPREPLY, "451", "4.7.1",
    "leakguard: customer directory unavailable, try again later") then
	lg.fail("want 451 4.7.1")
end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined") end
mt.disconnect(conn)
