-- t-two-recipients.lua - one right and one wrong recipient: the whole
-- mail is held (quarantine is per message).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>", "<matti.m@example.net>" },
	body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
if not mt.eom_check(conn, MT_QUARANTINE) then lg.fail("want quarantine") end
mt.disconnect(conn)
