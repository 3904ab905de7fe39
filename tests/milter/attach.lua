-- attach.lua - reading a mail file for the attachment scripts.

-- lg.read_mail(path) - headers ({name, value}) and body of a file
function lg.read_mail(path)
	local f = io.open(path, "rb")
	if f == nil then lg.fail("cannot open " .. path) end
	local text = f:read("*a")
	f:close()
	local sep = string.find(text, "\r\n\r\n", 1, true)
	local head, body = string.sub(text, 1, sep + 1), string.sub(text, sep + 4)
	local headers = {}
	for line in string.gmatch(head, "(.-)\r\n") do
		if string.match(line, "^[ \t]") and #headers > 0 then
			headers[#headers][2] = headers[#headers][2] .. "\r\n" .. line
		else
			local n, v = string.match(line, "^([^:]+):[ \t]*(.*)$")
			if n then table.insert(headers, { n, v }) end
		end
	end
	return headers, body
end

