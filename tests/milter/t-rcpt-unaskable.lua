-- t-rcpt-unaskable.lua - a recipient that is an address but too long to
-- ask the directory about (510 '*' in the local part, escaped three times
-- over, in two IDNA forms and five attributes: more than one LDAP filter
-- holds): 451 4.7.1, never read as "nobody holds it".
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local rcpt = "<" .. string.rep("*", 510) .. "@m\xc3\xa4kinen.example>"
local conn = lg.send{ qid = "QUNASKABLE", rcpts = { rcpt }, body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_REPLYCODE then lg.fail("want a reply code") end
if not mt.eom_check(conn, MT_SMTPREPLY, "451", "4.7.1",
    "leakguard: customer directory unavailable, try again later") then
	lg.fail("want 451 4.7.1")
end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("quarantined") end
mt.disconnect(conn)
