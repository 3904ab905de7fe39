-- t-pass.lua - the right customer: accepted, result header added.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" },
	headers = { { "Subject", "Tervetuloa" } }, body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=recipient_verified") then
	lg.fail("want X-Leakguard: pass reason=recipient_verified")
end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined a good mail") end
mt.disconnect(conn)
