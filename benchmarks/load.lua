-- wrk script for benchmarks/load.py and mixed_load.py: request as a browser behind the TLS
-- proxy would, then print one line that loadtable.parse_wrk_line reads.
-- With paths after wrk's "--" (mixed_load.py), every connection walks that list, each
-- starting at its own place so the mix is even; without, it fetches wrk's one URL.

-- Production redirects plain HTTP to HTTPS; the proxy in front says the request was HTTPS.
wrk.headers["X-Forwarded-Proto"] = "https"
-- Browsers accept gzip, and the app compresses pages: measure that cost too.
wrk.headers["Accept-Encoding"] = "gzip"

local paths = {}
local counter = 0

function init(args)
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  if #paths > 0 then
    counter = math.random(#paths)
  end
end

function request()
  if #paths == 0 then
    return wrk.request()
  end
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

-- errors = statuses wrk counts as failures (400 and above) + socket errors and timeouts.
function done(summary, latency, requests)
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "wrk-result requests=%d seconds=%.3f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f"
      .. " errors=%d status_errors=%d socket_errors=%d\n",
    summary.requests,
    summary.duration / 1e6,
    latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3,
    e.status + socket,
    e.status,
    socket
  ))
end
