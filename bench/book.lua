-- book.lua — wrk: inspection bookings, each request for another bound
-- vehicle (generated vehicle FIRST_K + thread * STRIDE + n), on one slot
-- (SLOTS=1) or a random one of SLOTS consecutive slot ids from SLOT0.
local letters = "ABCDEFGHKLMNPQRSTUVWXYZ"
local first = tonumber(os.getenv("FIRST_K"))
local stride = tonumber(os.getenv("STRIDE"))
local slot0 = tonumber(os.getenv("SLOT0"))
local slots = tonumber(os.getenv("SLOTS"))
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
c201, c409, other = 0, 0, 0

request = function()
  local k = first + tid * stride + n
  n = n + 1
  local li = math.floor(k / 100000) + 1
  local plate = "\230\181\153" .. letters:sub(li, li) .. string.format("%05d", k % 100000)
  local slot = slot0 + (slots > 1 and math.random(0, slots - 1) or 0)
  return wrk.format(nil, nil, nil, string.format('{"slot_id":%d,"plate_type":"02","plate":"%s"}', slot, plate))
end

response = function(status)
  if status == 201 then c201 = c201 + 1 elseif status == 409 then c409 = c409 + 1 else other = other + 1 end
end

done = function()
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("c201"); b = b + t:get("c409"); c = c + t:get("other") end
  io.write(string.format("STATUS 201=%d 409=%d other=%d\n", a, b, c))
end
