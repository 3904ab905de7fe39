-- t-nosecret-dirdown.lua - with the directory down, mail without a secret
-- still passes: the fast path asks no one.
dofile(os.getenv("LG_TESTDIR") .. "/common.lua")
local conn = lg.send{ rcpts = { "<anyone@example.org>" }, body = "Lunch at noon?\r\n" }
if mt.getreply(conn) ~= SMFIR_ACCEPT then lg.fail("want accept") end
mt.disconnect(conn)
