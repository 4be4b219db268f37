import { it } from 'node:test'
import assert from 'node:assert/strict'
import * as tron from './index.js'

// The public surface, so that adding or dropping an export is a deliberate change.
it('exports the TRON codec surface', () => {
  assert.deepEqual(Object.keys(tron).sort(), [
    'isValidTronAddress',
    'tronAddressFromHash',
    'tronAddressToHex',
    'tronUri',
  ])
})
