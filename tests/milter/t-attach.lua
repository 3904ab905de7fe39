-- t-attach.lua - attachments are read, and what cannot be read is held:
-- each mail tests/data/attach/gen.py made (in $LG_ATTACH_DIR) goes to the
-- namesake of customer 100001.  A PIN letter read from a PDF, DOCX, XLSX,
-- ODT, ZIP (also nested), RTF (also text/rtf), TNEF (attached file, or a
-- body only in compressed RTF), JSON, .dat, .ics or a
-- forwarded .eml sent as octet-stream is held as "namesake"; an encrypted,
-- opaque, too deep, bomb or path-trick attachment as "unscannable"; an
-- image or a PDF without a secret passes.  An S/MIME-signed mail: its
-- detached signature is no unreadable attachment (passes, or is read like
-- any mail); a "signature" of opaque bytes, one that carries content inside
-- or has bytes after it is held as unscannable.  The reasons' details are
-- checked in the store by run.sh.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
dofile(os.getenv("LG_TESTDIR") .. "/attach.lua")

local cases = {
	{ "m-pdf", "namesake" }, { "m-pdf-octet", "namesake" },
	{ "m-docx", "namesake" }, { "m-xlsx", "namesake" }, { "m-odt", "namesake" },
	{ "m-zip", "namesake" }, { "m-nested", "namesake" },
	{ "m-rtf", "namesake" }, { "m-textrtf", "namesake" },
	{ "m-tnef", "namesake" }, { "m-tnef-rtf", "namesake" }, { "m-json", "namesake" }, { "m-dat", "namesake" },
	{ "m-ics", "namesake" }, { "m-eml-octet", "namesake" },
	{ "m-pdf-encrypted", "unscannable" }, { "m-encrypted-zip", "unscannable" },
	{ "m-opaque", "unscannable" }, { "m-deep", "unscannable" },
	{ "m-bomb", "unscannable" }, { "m-path", "unscannable" },
	{ "m-image", "pass" }, { "m-plain-pdf", "pass" },
	{ "m-smime", "pass" }, { "m-smime-pin", "namesake" },
	{ "m-smime-fake", "unscannable" }, { "m-smime-inside", "unscannable" },
	{ "m-smime-trailing", "unscannable" },
}

local dir = os.getenv("LG_ATTACH_DIR")
for _, c in ipairs(cases) do
	local headers, body = lg.read_mail(dir .. "/" .. c[1] .. ".eml")
	local conn = lg.send{ rcpts = { "<matti.m@example.net>" }, qid = c[1],
		headers = headers, body = body }
	if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail(c[1] .. ": want accept") end
	local held = mt.eom_check(conn, MT_QUARANTINE)
	if c[2] == "pass" then
		if held then lg.fail(c[1] .. ": held, want pass") end
		if mt.eom_check(conn, MT_HDRADD, "X-Leakguard") then
			lg.fail(c[1] .. ": header added on the no-secret fast path")
		end
	else
		if not held then lg.fail(c[1] .. ": not held, want " .. c[2]) end
		if not mt.eom_check(conn, MT_HDRADD, "X-Leakguard", "hold reason=" .. c[2]) then
			lg.fail(c[1] .. ": want X-Leakguard: hold reason=" .. c[2])
		end
	end
	mt.disconnect(conn)
end
