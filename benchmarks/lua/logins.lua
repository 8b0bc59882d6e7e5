-- wrk script: POST /auth/login, and count the answers by status; done() prints one
-- "status <code> <count>" line per status. With LOGIN_USER (and LOGIN_PASSWORD) in wrk's
-- environment, every request signs that user in; without, each is a new username that does not
-- exist, as a login flood sends.
local threads = {}
local user = os.getenv("LOGIN_USER")
local password = os.getenv("LOGIN_PASSWORD") or "correct-horse"
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  local body
  if user then
    body = string.format('{"username":"%s","password":"%s"}', user, password)
  else
    counter = counter + 1
    body = string.format('{"username":"nobody-%d-%d","password":"guess-%d"}', id, counter, counter)
  end
  return wrk.format("POST", "/auth/login", { ["Content-Type"] = "application/json" }, body)
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
