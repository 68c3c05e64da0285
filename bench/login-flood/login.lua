-- Signs in with the right password: every request runs bcrypt at cost 12 and opens a session.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. os.getenv("FLOOD_EMAIL") .. '","password":"' .. os.getenv("FLOOD_PASSWORD") .. '"}'

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("logins: %d requests in %.1f s = %.1f/s\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
end
