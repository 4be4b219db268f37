// Preloaded (node --import) into the `kassa serve` children of the tests, never into Kassa
// itself. Its stdin is a pipe from the test process; the pipe closes when that process ends,
// even when it dies too abruptly to run its `after` hooks (node:test exits without 'exit'
// events when its own output pipe breaks). The server then shuts down as on Ctrl-C instead
// of outliving its test and holding its port and database.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'))
process.stdin.resume()
