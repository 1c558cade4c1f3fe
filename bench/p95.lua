-- wrk prints p50/75/90/99 with --latency; the dashboard target is a p95.
done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("non2xx %d\n", summary.errors.status))
end
