-- t-tempfail.lua - run against a leakguard whose directory is down: a mail
-- with a bound secret gets 451 4.7.1, never accept.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" }, body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_REPLYCODE then lg.fail("want a reply code") end
if not mt.eom_check(conn, MT_SMTPREPLY, "451", "4.7.1",
    "leakguard: customer directory unavailable, try again later") then
	lg.fail("want 451 4.7.1")
end
mt.disconnect(conn)
