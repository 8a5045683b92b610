-- Writes wrk's summary as JSON to the file named by WRK_REPORT.
-- With WRK_SESSIONS set, each request is a POST made by one of the signed-in
-- residents listed there (cookie, CSRF token, path, form body with {n} and {toggle}); a body of "-"
-- makes it a GET of the path by that signed-in resident.
local sessions = {}
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  local path = os.getenv("WRK_SESSIONS")
  if path then
    for line in io.lines(path) do
      local cookie, csrf, target, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      if cookie then
        table.insert(sessions, {cookie = cookie, csrf = csrf, path = target, body = body})
      end
    end
  end
end

function request()
  if #sessions == 0 then
    return wrk.request()
  end
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  s.n = (s.n or 0) + 1
  if s.body == "-" then
    return wrk.format("GET", s.path, {["Cookie"] = s.cookie})
  end
  -- {n}: a number unique to this request; {toggle}: "up" and "none" in turn for this resident.
  local unique = tostring(counter * 10 + (tonumber(tid) or 0))
  local toggle = (s.n % 2 == 1) and "up" or "none"
  local body = "csrf_token=" .. s.csrf .. "&" .. s.body:gsub("{n}", unique):gsub("{toggle}", toggle)
  local headers = {
    ["Cookie"] = s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", s.path, headers, body)
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("WRK_REPORT"), "w"))
  local e = summary.errors
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
  out:close()
end
