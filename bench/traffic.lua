-- traffic.lua — wrk: the public violation query for a random existing
-- generated vehicle with its right engine six (the same formulas as
-- jw_traffic_bulk_plate/jw_traffic_bulk_engine6 in src/traffic/traffic_seed.c).
local letters = "ABCDEFGHKLMNPQRSTUVWXYZ"
local nveh = tonumber(os.getenv("NVEH") or "1000000")
local path = os.getenv("QPATH") or "/api/v1/violations"

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

request = function()
  local k = math.random(0, nveh - 1)
  local li = math.floor(k / 100000) + 1
  local plate = "%E6%B5%99" .. letters:sub(li, li) .. string.format("%05d", k % 100000)
  local six = string.format("%06d", (k * 7919 + 104729) % 1000000)
  return wrk.format("GET", path .. "?plate_type=02&plate=" .. plate .. "&engine6=" .. six)
end
