/**
 * Resolves once the event loop has read this turn's I/O (one `setImmediate` shared by every
 * caller in the turn).
 *
 * A hot, cheap route that awaits it first answers the requests read in one turn together,
 * after reading them all, instead of answering each before reading the next. Under load that
 * cost less CPU per request (issue 17, docs/PERFORMANCE.md: the rates route 42.6/65.3 →
 * 39.1/45.4 µs in alternating pairs, the system time most of the gap); when idle it delays an
 * answer by nothing but the rest of its turn.
 */
let turn: Promise<void> | undefined

export function endOfTurn(): Promise<void> {
  turn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turn = undefined
      resolve()
    }),
  )
  return turn
}
