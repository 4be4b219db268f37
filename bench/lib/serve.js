// The end of a benchmark's own server (bench/bare-server.js, bench/floor-server.js): listen on
// 127.0.0.1 only, and close cleanly when the benchmark stops it.

/** Listens on 127.0.0.1:`port`; SIGTERM or SIGINT closes the app and exits. */
export async function serveUntilSignal(app, port) {
  await app.listen({ port, host: '127.0.0.1' })
  const shutdown = async () => {
    await app.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown())
  process.once('SIGINT', () => void shutdown())
}
