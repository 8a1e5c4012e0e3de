-- pay_create.lua — wrk: POST /api/v1/payments, each request for another
-- handled violation of the demo car (ids FIRST + thread * STRIDE + n), so
-- every request makes a new order (quote, three look-ups, one INSERT).
local first = tonumber(os.getenv("FIRST"))
local stride = tonumber(os.getenv("STRIDE"))
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("JW_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("JW_CSRF")
local n = 0
c201, c200, other = 0, 0, 0

request = function()
  local id = first + tid * stride + n
  n = n + 1
  return wrk.format(nil, nil, nil, string.format('{"purpose":"violation","ref":"%d","channel":"sandbox"}', id))
end

response = function(status)
  if status == 201 then c201 = c201 + 1 elseif status == 200 then c200 = c200 + 1 else other = other + 1 end
end

done = function()
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("c201"); b = b + t:get("c200"); c = c + t:get("other") end
  io.write(string.format("STATUS 201=%d 200=%d other=%d\n", a, b, c))
end
