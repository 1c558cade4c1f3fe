-- Quiz submissions by signed-in learners: each wrk thread has one connection
-- and one learner (its session cookie), and loops: take the quiz (GET
-- /api/quiz gives a signed attempt token, writing nothing), submit the answers with that token
-- (POST, answered 303 to the stored attempt). Counts the acknowledged
-- submissions per thread; done() prints the total for bench/quiz.sh.
local port = os.getenv("APP_PORT") or "3100"
local quiz = os.getenv("QUIZ") or "kiem-tra-binh-dan-hoc-ai"
local answers = os.getenv("ANSWERS") or ""
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("cookie", cookies[(counter - 1) % #cookies + 1])
  table.insert(threads, thread)
end

local token = nil
acked = 0
refused = 0

function request()
  local headers = { ["Cookie"] = cookie, ["Origin"] = "http://127.0.0.1:" .. port }
  if token == nil then
    headers["Accept"] = "application/json"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/api/quiz", headers, "quiz=" .. quiz)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Accept"] = "text/html"
  local body = "token=" .. token .. "&" .. answers
  token = nil
  return wrk.format("POST", "/kiem-tra/" .. quiz .. "/nop", headers, body)
end

function response(status, headers, body)
  if status == 200 then
    token = string.match(body, '"token":"([%w%-]+)"')
  elseif status == 303 then
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, "/hoc-tap/lan-lam/", 1, true) then
      acked = acked + 1
    else
      refused = refused + 1
    end
  end
end

function done(summary, latency, requests)
  local total, no = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("acked")
    no = no + thread:get("refused")
  end
  io.write(string.format("ACKED %d\nREFUSED %d\n", total, no))
end
