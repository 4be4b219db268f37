import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { Transaction } from 'bitcoinjs-lib'
import { BitcoinDepositKeys } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import { createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { ADDRESS_NETWORK, startBitcoinKassa } from '../support/bitcoin-kassa.js'
import type { BitcoinTestKassa } from '../support/bitcoin-kassa.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'
import { testDialects } from '../support/databases.js'

/**
 * Deposit keys of each address type Kassa derives (BIP84 native segwit, BIP49 P2SH-wrapped
 * segwit, BIP44 legacy): a payment to each is seen and completed, and its sweep, signed by
 * Kassa for that type, is accepted and mined by the real node, which checks every signature.
 */
const skip = bitcoinNodesSkipReason()
const [sqlite] = await testDialects()
const FORMS = { p2wpkh: /^(bcrt|rltc)1q/, 'p2sh-p2wpkh': /^[2Q]/, p2pkh: /^[mn]/ } as const

for (const coin of ['BTC', 'LTC'] as const) {
  describe(`deposit address types on ${coin}`, { skip }, () => {
    const running: Array<{ node: BitcoinNode; t: BitcoinTestKassa }> = []
    after(async () => {
      for (const { node, t } of running) {
        await t.close()
        await node.stop()
      }
    })

    for (const addressType of ['p2wpkh', 'p2sh-p2wpkh', 'p2pkh'] as const) {
      test(`${addressType}: paid, completed, and swept by a transaction the node mines`, async () => {
        const node = await startBitcoinNode({ coin })
        const t = await startBitcoinKassa(sqlite!, node, { confirmations: 1, addressType })
        running.push({ node, t })
        const store = await t.createStore(coin, { mode: 'live' })
        const p = await createPayment(t, store, { amount: '0.2', currency: coin })
        assert.match(p.pay_address, FORMS[addressType])
        const expected = BitcoinDepositKeys.fromMnemonic(t.keys.depositMnemonic, ADDRESS_NETWORK[coin], addressType).address(0).address
        assert.equal(p.pay_address, expected)
        await node.funder.pay([{ address: p.pay_address, sats: 20_000_000n }])
        await node.mine(1)
        await t.watcher.runOnce()
        assert.equal((await status(t, store, p.payment_id)).status, 'completed')
        await t.kassa.payouts.runOnce()
        const sweep = (await t.kassa.deps.repos.payouts.list({ limit: 5 })).find((x) => x.kind === 'sweep')
        assert.equal(sweep?.status, 'broadcast', sweep?.failureReason ?? 'no sweep')
        const tx = Transaction.fromHex(sweep!.signedTx!)
        assert.equal(tx.hasWitnesses(), addressType !== 'p2pkh', 'segwit inputs carry witnesses, a legacy one a scriptSig')
        await node.mine(1)
        await t.pass()
        const done = await t.kassa.deps.repos.payouts.byId(sweep!.id)
        assert.equal(done?.status, 'confirmed', done?.failureReason ?? '')
      })
    }
  })
}
