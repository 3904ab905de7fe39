-- t-scope-out.lua - mail outside scope_* (staff mail from another client,
-- sender and login) is accepted untouched even with a secret to the wrong
-- person: not held, no result header; a binding header on it is not
-- honoured and does not leave (removed, as leakguard's own headers are).
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ from = "<staff@corp.example>", client = "198.51.100.7",
	sasl = "alice", qid = "QSCOPEOUT",
	rcpts = { "<someone.else@example.org>" },
	headers = { { "X-Leakguard-Customer", "100001" },
		{ "X-Leakguard", "pass reason=forged" } },
	body = lg.welcome_body }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
if mt.eom_check(conn, MT_QUARANTINE) then lg.fail("out-of-scope mail held") end
if mt.eom_check(conn, MT_HDRADD, "X-Leakguard") then
	lg.fail("result header added to out-of-scope mail")
end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Leakguard-Customer") then
	lg.fail("binding header on out-of-scope mail not removed")
end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Leakguard") then
	lg.fail("forged result header on out-of-scope mail not removed")
end
mt.disconnect(conn)
