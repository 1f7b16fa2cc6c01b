-- wrk script for benchmarks/mixed_load.py: every connection walks the same list of paths,
-- each starting at its own place, so the mix is even; then one line for loadtable.
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Accept-Encoding"] = "gzip"

local paths = {}
local counter = 0

function init(args)
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

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
