import assert from 'node:assert/strict'
import { test } from 'node:test'
import { endOfTurn } from '../../src/http/plugins/end-of-turn.js'

test('endOfTurn: one promise for every caller of a turn, resolved in setImmediate; the next turn gets its own', async () => {
  const a = endOfTurn()
  assert.equal(endOfTurn(), a, 'callers in one turn share one setImmediate')
  let immediateRan = false
  setImmediate(() => {
    immediateRan = true
  })
  await a
  assert.equal(immediateRan, false, 'resolved in the check phase, before an immediate queued after it')
  const c = endOfTurn()
  assert.notEqual(c, a, 'a later turn gets its own')
  await c
  assert.equal(immediateRan, true)
})
