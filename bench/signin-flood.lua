-- Wrong-password sign-ins against many accounts, as credential stuffing sends them.
local port = os.getenv("APP_PORT") or "3100"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = "http://127.0.0.1:" .. port
local n = 0
request = function()
  n = n + 1
  local body = string.format("identifier=0905%06d&password=sai-mat-khau-%d", n % 1000000, n)
  return wrk.format(nil, "/api/auth/sign_in", nil, body)
end
