-- wrk script: POST /auth/login with a real user's credentials (LOGIN_USER, LOGIN_PASSWORD in the
-- environment of wrk, default ada / correct-horse); done() prints "status <code> <count>" lines.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  local user = os.getenv("LOGIN_USER") or "ada"
  local password = os.getenv("LOGIN_PASSWORD") or "correct-horse"
  wrk.method = "POST"
  wrk.path = "/auth/login"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format('{"username":"%s","password":"%s"}', user, password)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
