-- t-pass.lua - the right customer: accepted, result header added.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<matti.meikalainen@example.fi>" },
	headers = { { "Subject", "Tervetuloa" } }, body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "pass reason=recipient_verified") then
	lg.fail("want X-Leakguard: pass reason=recipient_verified")
end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined a good mail") end
-- Only end of message is answered: every other step is no-reply or skipped.
for _, f in ipairs({ SMFIP_NOHELO, SMFIP_NODATA, SMFIP_NOUNKNOWN, SMFIP_NOEOH,
    SMFIP_NR_CONN, SMFIP_NR_MAIL, SMFIP_NR_RCPT, SMFIP_NR_HDR, SMFIP_NR_BODY }) do
	if not mt.test_option(conn, f) then lg.fail("protocol flag " .. f .. " not negotiated") end
end
for _, a in ipairs({ SMFIF_ADDHDRS, SMFIF_CHGHDRS, SMFIF_QUARANTINE }) do
	if not mt.test_action(conn, a) then lg.fail("action " .. a .. " not requested") end
end
mt.disconnect(conn)
