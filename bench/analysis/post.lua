-- wrk script: POST one message per request to the end user and engine given in the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
wrk.path = "/api/v1/end-users/" .. os.getenv("END_USER") .. "/messages"
wrk.body = '{"engine_id":"' .. os.getenv("ENGINE") .. '","role":"user","content":"I really love the new app, but the login is slow and annoying!"}'
