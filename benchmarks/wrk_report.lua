-- Prints one JSON line with the figures benchmarks/load.py reports.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout))
end

-- With WRK_THINK_MS set, each connection behaves like a person: it waits that long between requests.
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
if think > 0 then
  delay = function() return think end
end
