-- Signs in with the right password, the requests taking turns over FLOOD_ACCOUNTS accounts (FLOOD_EMAIL is a
-- format with one %d, 1 to FLOOD_ACCOUNTS): every admitted request runs bcrypt at cost 12 and opens a session; the
-- bounded pool answers the rest 503 at once. One account per connection's turn, because S2 counts each attempt at
-- an account before it is checked: more than five at once at one account are 429 without bcrypt, which would
-- measure the throttle instead of the flood.
local accounts = tonumber(os.getenv("FLOOD_ACCOUNTS") or "1")
local password = os.getenv("FLOOD_PASSWORD")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  refused = 0
  throttled = 0
  turn = 0
end

function request()
  turn = turn + 1
  local email = string.format(os.getenv("FLOOD_EMAIL"), turn % accounts + 1)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"email":"' .. email .. '","password":"' .. password .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    refused = refused + 1
  elseif status == 429 then
    throttled = throttled + 1
  end
end

function done(summary, latency, requests)
  local succeeded, overloaded, waited = 0, 0, 0
  for _, thread in ipairs(threads) do
    succeeded = succeeded + thread:get("ok")
    overloaded = overloaded + thread:get("refused")
    waited = waited + thread:get("throttled")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("sign-ins: %d succeeded in %.1f s = %.1f/s; %d refused with 503 by the bcrypt pool; %d throttled (429); %d requests\n",
    succeeded, seconds, succeeded / seconds, overloaded, waited, summary.requests))
end
