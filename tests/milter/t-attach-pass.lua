-- t-attach-pass.lua - under "opaque_attachments pass": an unknown binary
-- attachment and an encrypted PDF pass (the admin's explicit choice); a
-- zip bomb and a path trick are still held as unscannable.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
dofile(os.getenv("LG_TESTDIR") .. "/attach.lua")

for _, c in ipairs({ { "m-opaque", "pass" }, { "m-pdf-encrypted", "pass" },
    { "m-bomb", "hold reason=unscannable" }, { "m-path", "hold reason=unscannable" } }) do
	local headers, body = lg.read_mail(os.getenv("LG_ATTACH_DIR") .. "/" .. c[1] .. ".eml")
	local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = c[1],
		headers = headers, body = body }
	if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail(c[1] .. ": want accept") end
	local held = mt.eom_check(conn, MT_QUARANTINE)
	if (string.sub(c[2], 1, 4) == "hold") ~= held then
		lg.fail(c[1] .. ": held " .. tostring(held) .. ", want " .. c[2])
	end
	if held and not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", c[2]) then
		lg.fail(c[1] .. ": want X-Leakguard: " .. c[2])
	end
	mt.disconnect(conn)
end
