-- t-malformed.lua - malformed mail is judged, never crashes the filter:
-- broken MIME structure, bad base64 and quoted-printable, an unknown
-- charset, control bytes and invalid UTF-8, a header without a value.  Each
-- must get an answer; a secret that is still readable is still found.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")

local cases = {
	{ name = "multipart without boundary", want_hold = false,
	  headers = { { "MIME-Version", "1.0" }, { "Content-Type", "multipart/mixed" } },
	  body = "--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n" },
	{ name = "boundary never closed, PIN inside", want_hold = true,
	  headers = { { "MIME-Version", "1.0" }, { "Content-Type", "multipart/mixed; boundary=b" } },
	  body = "--b\r\nContent-Type: text/plain\r\n\r\nPIN-koodi: 4821\r\n--b\r\nContent-Type: text/plain\r\n\r\n" },
	{ name = "bad base64 and QP, unknown charset", want_hold = false,
	  headers = { { "MIME-Version", "1.0" }, { "Content-Type", "multipart/mixed; boundary=b" } },
	  body = "--b\r\nContent-Type: text/plain; charset=x-no-such\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!*** not base64 ===\r\n" ..
	         "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n<p>=E2=\r\n" ..
	         "--b--\r\n" },
	-- (miltertest sends C strings: a NUL would end the body, so control
	-- bytes stand in for it here)
	{ name = "control bytes and invalid UTF-8 around a PIN", want_hold = true,
	  headers = { { "Content-Type", "text/plain; charset=utf-8" }, { "X-Empty", "" } },
	  body = "\1\2\255\254 Hei\r\nPIN-koodi: 4821\r\n\192\128\127 end\r\n" },
}

for _, c in ipairs(cases) do
	local conn = lg.send{ rcpts = { "<anyone@example.org>" }, headers = c.headers, body = c.body }
	if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail(c.name .. ": want accept") end
	local held = mt.eom_check(conn, MT_QUARANTINE)
	if c.want_hold and not held then lg.fail(c.name .. ": secret not found") end
	if not c.want_hold and held then lg.fail(c.name .. ": held without a secret") end
	mt.disconnect(conn)
end
