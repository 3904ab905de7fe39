-- t-scope-in.lua - the same mail is judged (and held) when any one scope
-- list matches: the sender's domain, the client range, or the SASL login.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local ways = {
	{ from = "<noreply@bank.example>", client = "198.51.100.7", sasl = "alice" },
	{ from = "<staff@corp.example>", client = "192.0.2.44", sasl = "alice" },
	{ from = "<staff@corp.example>", client = "198.51.100.7", sasl = "confirm-app" },
}
for i, w in ipairs(ways) do
	local conn = lg.send{ from = w.from, client = w.client, sasl = w.sasl,
		qid = "QSCOPEIN" .. i, rcpts = { "<someone.else@example.org>" },
		body = lg.welcome_body }
	if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept (into hold)") end
	if not mt.eom_check(conn, MT_QUARANTINE, "hold reason=recipient_mismatch") then
		lg.fail("in-scope mail " .. i .. " not held as recipient_mismatch")
	end
	mt.disconnect(conn)
end
