-- pay_notify.lua — wrk: POST /api/v1/payments/notify/sandbox with the
-- notifications in the file NOTES (one JSON object a line), each thread
-- taking every other line from its own start, round and round: the first
-- round applies them (each settles an order, its violation and two ledger
-- rows in one transaction), later rounds are duplicates (recorded, acknowledged).
local lines = {}
for line in io.lines(os.getenv("NOTES")) do lines[#lines + 1] = line end
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
ok, bad = 0, 0

request = function()
  local i = (tid + n * 2) % #lines + 1
  n = n + 1
  return wrk.format(nil, nil, nil, lines[i])
end

response = function(status)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
end

done = function()
  local a, b = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("bad") end
  io.write(string.format("STATUS 200=%d other=%d\n", a, b))
end
