-- Signs in with the right password: every admitted request runs bcrypt at cost 12 and opens a
-- session; the bounded pool answers the rest 503 at once.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. os.getenv("FLOOD_EMAIL") .. '","password":"' .. os.getenv("FLOOD_PASSWORD") .. '"}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  refused = 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local succeeded, overloaded = 0, 0
  for _, thread in ipairs(threads) do
    succeeded = succeeded + thread:get("ok")
    overloaded = overloaded + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("sign-ins: %d succeeded in %.1f s = %.1f/s; %d refused with 503 by the bcrypt pool; %d requests\n",
    succeeded, seconds, succeeded / seconds, overloaded, summary.requests))
end
