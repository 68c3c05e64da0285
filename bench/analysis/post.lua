-- wrk script: POST one message per request for the engine given in the environment. With END_USERS (a file of
-- end-user ids, one per line) the requests go round the end users, so no one profile row takes every write;
-- otherwise they all go to END_USER (the worst case: one hot row).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
wrk.body = '{"engine_id":"' .. os.getenv("ENGINE") .. '","role":"user","content":"I really love the new app, but the login is slow and annoying!"}'

local users = {}
local file = os.getenv("END_USERS")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then users[#users + 1] = line end
  end
end
if #users == 0 then users[1] = os.getenv("END_USER") end
local next_user = math.random(#users)

request = function()
  next_user = next_user % #users + 1
  return wrk.format(nil, "/api/v1/end-users/" .. users[next_user] .. "/messages")
end
