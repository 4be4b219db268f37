// A test reporter that stays silent until the run ends, then names every failed test and its
// file: CI keeps only the tail of a failed run's log, where the TAP lines of a failure that
// happened minutes earlier are gone (scripts/run-tests.js runs it beside the usual reporter).
export default async function* failuresReporter(source) {
  const failed = []
  for await (const event of source) {
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      failed.push(`  ✖ ${event.data.file ?? '?'}: ${event.data.name}`)
    }
  }
  if (failed.length > 0) yield `\nfailed tests (${failed.length}):\n${failed.join('\n')}\n`
}
