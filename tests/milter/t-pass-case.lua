-- t-pass-case.lua - the customer's address in other case (local part and
-- domain): the same mailbox by default (local_part_case insensitive).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<Matti.Meikalainen@EXAMPLE.fi>" },
	body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=recipient_verified") then
	lg.fail("want X-Leakguard: pass reason=recipient_verified")
end
mt.disconnect(conn)
