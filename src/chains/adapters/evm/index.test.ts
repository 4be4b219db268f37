import { it } from 'node:test'
import assert from 'node:assert/strict'
import * as evm from './index.js'

// The public surface, so that adding or dropping an export is a deliberate change.
it('exports the EVM codec surface', () => {
  assert.deepEqual(Object.keys(evm).sort(), [
    'checksumEvmAddress',
    'eip681NativeUri',
    'eip681TokenUri',
    'evmAddressFromHash',
    'isValidEvmAddress',
  ])
})
