import { it } from 'node:test'
import assert from 'node:assert/strict'
import * as bitcoin from './index.js'

// The public surface, so that adding or dropping an export is a deliberate change.
it('exports the bitcoin codec surface', () => {
  assert.deepEqual(Object.keys(bitcoin).sort(), [
    'BITCOIN_LIKE_NETWORK_NAMES',
    'bip21Uri',
    'bitcoinLikeAddressType',
    'bitcoinLikeNetwork',
    'isBitcoinLikeNetworkName',
    'isValidBitcoinLikeAddress',
    'p2wpkhAddressFromHash',
  ])
})
