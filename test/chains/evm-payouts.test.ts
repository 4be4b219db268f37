import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { encodeAbiParameters, keccak256 } from 'viem'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createWithdrawal } from '../../src/services/payouts/create-withdrawal.js'
import { getPayout } from '../../src/services/payouts/payout-queries.js'
import { assertLedgerBalanced, balance, createPayment, status } from '../lifecycle/lifecycle-helpers.js'
import { deploy, mintTokens, sendEth, sendTokens, startAnvil, tokenBalance } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'
import { testDialects } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'
import { OPERATOR_TOKEN, startEvmKassa } from '../support/evm-kassa.js'
import type { EvmTestKassa } from '../support/evm-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'

/**
 * The payout engine on a real node: withdrawals in ETH and in an ERC-20, sweeps, a crash
 * between signing and sending (and between sending and recording), and every refusal
 * leaving no payout, no ledger entry and no transaction.
 */
const ETH = 10n ** 18n
const USDT = 10n ** 6n

/** Storage slot of balanceOf[owner] in TestToken.sol: the mapping is slot 3 (name 0, symbol 1, totalSupply 2; the constant and the immutable take none). */
function storageSlotOfBalance(owner: string): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [owner as Hex, 3n]))
}

for (const dialect of await testDialects()) {
  describe(`EVM payouts on anvil (${dialect.name})`, () => {
    let anvil: Anvil
    let token: Hex
    let database: TestDatabase
    let t: EvmTestKassa & { hotKey: Hex }
    let store: StoreCredentials

    const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address
    const ethBalance = (a: string) => anvil.public.getBalance({ address: a as Hex })
    const nonceOf = (a: string) => anvil.public.getTransactionCount({ address: a as Hex, blockTag: 'pending' })
    const engine = () => t.kassa.payouts
    const storeRow = () => t.kassa.stores.getStore(store.storeId)

    /** Pays a payment in full and confirms it, so the store has money to withdraw. */
    async function fund(currency: 'ETH' | 'USDT_ERC20', amount: string): Promise<string> {
      const p = await createPayment(t, store, { amount, currency })
      const payer = await anvil.newPayer()
      if (currency === 'ETH') await sendEth(anvil, payer, p.pay_address, BigInt(Math.round(Number(p.amount) * 1e6)) * 10n ** 12n)
      else {
        await mintTokens(anvil, token, payer.address, 10_000n * USDT)
        await sendTokens(anvil, token, payer, p.pay_address, BigInt(Math.round(Number(p.amount) * 1e6)))
      }
      await anvil.mine(3)
      await t.watcher.runOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      return p.payment_id
    }

    before(async () => {
      anvil = await startAnvil()
      token = await deploy(anvil, 'TestToken')
      database = await dialect.open()
      t = await startEvmKassa(dialect, anvil, { token, confirmations: 3, database })
      await mintTokens(anvil, token, t.hotWallet, 1_000_000n * USDT)
      store = await t.createStore('ETH,USDT_ERC20', { mode: 'live' })
      await t.watcher.runOnce()
      await fund('ETH', '2')
      await fund('USDT_ERC20', '500.00')
    })
    after(async () => {
      await t?.close()
      await database?.drop()
      await anvil?.stop()
    })

    test('an ETH withdrawal: reserved at once, signed, sent, confirmed at depth, settled in the ledger', async () => {
      const to = freshAddress()
      const before = (await balance(t, store)).json.ETH
      const w = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'ETH', amount: '0.4', to })
      assert.equal(w.status, 'queued')
      const reserved = (await balance(t, store)).json.ETH
      assert.equal(Number(reserved.available), Number(before.available) - 0.4)
      await engine().runOnce()
      assert.equal((await getPayout(t.kassa.deps, w.id)).status, 'broadcast')
      await anvil.mine(1)
      await engine().runOnce()
      const one = await getPayout(t.kassa.deps, w.id)
      assert.equal(one.status, 'broadcast')
      assert.equal(one.confirmations, 1)
      await anvil.mine(2)
      await engine().runOnce()
      const done = await getPayout(t.kassa.deps, w.id)
      assert.equal(done.status, 'confirmed')
      assert.equal(await ethBalance(to), (4n * ETH) / 10n)
      const after = (await balance(t, store)).json.ETH
      assert.equal(Number(after.total_withdrawn), Number(before.total_withdrawn) + 0.4)
      assert.equal(Number(after.available), Number(reserved.available))
      await assertLedgerBalanced(t)
    })

    test('a USDT withdrawal pays the token from the hot wallet', async () => {
      const to = freshAddress()
      const w = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'USDT_ERC20', amount: '120.5', to })
      await engine().runOnce()
      await anvil.mine(3)
      await engine().runOnce()
      assert.equal((await getPayout(t.kassa.deps, w.id)).status, 'confirmed')
      assert.equal(await tokenBalance(anvil, token, to), 120_500_000n)
      assert.equal((await balance(t, store)).json.USDT_ERC20.total_withdrawn, 120.5)
    })

    test('refused withdrawals leave no payout, no ledger entry, nothing sent', async () => {
      const db = t.kassa.database.db
      const counts = async () => ({
        payouts: (
          await db
            .selectFrom('payouts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        entries: (
          await db
            .selectFrom('ledger_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        nonce: await nonceOf(t.hotWallet),
      })
      const before = await counts()
      const s = await storeRow()
      const good = freshAddress()
      const wrongChecksum =
        good.slice(0, 2) +
        [...good.slice(2)]
          .map((c, i) => (i === good.slice(2).search(/[a-fA-F]/) ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c))
          .join('')
      const cases: [Record<string, string>, string][] = [
        [{ currency: 'ETH', amount: '0.1', to: '0x1234' }, 'ADDRESS_INVALID'],
        [{ currency: 'ETH', amount: '0.1', to: wrongChecksum }, 'ADDRESS_INVALID'],
        [{ currency: 'ETH', amount: '0.1', to: 'tb1qks2ksqltq2uwg3ffrqkujelxcpw8c202kkxzlq' }, 'ADDRESS_INVALID'],
        [{ currency: 'ETH', amount: '1000', to: good }, 'WITHDRAWAL_EXCEEDS_BALANCE'],
        [{ currency: 'USDT_ERC20', amount: '100000', to: good }, 'WITHDRAWAL_EXCEEDS_BALANCE'],
        [{ currency: 'ETH', amount: '-1', to: good }, 'AMOUNT_INVALID'],
        [{ currency: 'ETH', amount: '0.0000000000000000001', to: good }, 'AMOUNT_INVALID'],
        [{ currency: 'BTC', amount: '0.1', to: good }, 'PAYOUT_NOT_SUPPORTED'],
        [{ currency: 'DOGE', amount: '0.1', to: good }, 'REQUEST_INVALID'],
      ]
      for (const [params, code] of cases) {
        await assert.rejects(createWithdrawal(t.kassa.deps, s, params as never), (err: Error & { code?: string }) => {
          assert.equal(err.code, code, `${JSON.stringify(params)}: ${err.message}`)
          return true
        })
      }
      // A test store withdraws on its simulated network: its empty balance refuses, and the live hot wallet is never asked.
      const testStore = await t.createStore('ETH')
      await assert.rejects(
        createWithdrawal(t.kassa.deps, await t.kassa.stores.getStore(testStore.storeId), { currency: 'ETH', amount: '0.1', to: good }),
        (err: Error & { code?: string }) => err.code === 'WITHDRAWAL_EXCEEDS_BALANCE',
      )
      await engine().runOnce()
      assert.deepEqual(await counts(), before)
    })

    test('a crash between signing and sending: the restart sends the stored transaction, never a second one', async () => {
      const to = freshAddress()
      const w = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'ETH', amount: '0.1', to })
      assert.equal(await engine().signQueued(t.adapter), 1)
      const signed = await getPayout(t.kassa.deps, w.id)
      assert.equal(signed.status, 'signed')
      assert.ok(signed.signedTx && signed.txHash && signed.nonce !== null)
      const nonceBefore = await nonceOf(t.hotWallet)

      // The process dies here. A new one starts over the same database.
      await restart()
      await engine().runOnce()
      await anvil.mine(3)
      await engine().runOnce()
      await engine().runOnce()
      const done = await getPayout(t.kassa.deps, w.id)
      assert.equal(done.status, 'confirmed')
      assert.equal(done.txHash, signed.txHash, 'the stored transaction, not a new one')
      assert.equal(await ethBalance(to), ETH / 10n, 'paid exactly once')
      assert.equal(await nonceOf(t.hotWallet), nonceBefore + 1)
    })

    test('a crash after sending but before recording it: the re-send is harmless, paid once', async () => {
      const to = freshAddress()
      const w = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'ETH', amount: '0.05', to })
      await engine().signQueued(t.adapter)
      const signed = await getPayout(t.kassa.deps, w.id)
      await t.adapter.send!.broadcast({
        txHash: signed.txHash!,
        rawTransaction: signed.signedTx!,
        fromAddress: signed.fromAddress!,
        nonce: signed.nonce,
      })
      await anvil.mine(1) // mined while the process was down; the database still says `signed`
      await restart()
      await engine().runOnce()
      await anvil.mine(2)
      await engine().runOnce()
      assert.equal((await getPayout(t.kassa.deps, w.id)).status, 'confirmed')
      assert.equal(await ethBalance(to), ETH / 20n)
      await assertLedgerBalanced(t)
    })

    test('confirmed ETH at a payment address is swept to the hot wallet', async () => {
      const paymentId = await fund('ETH', '0.7')
      const payment = await status(t, store, paymentId)
      const hotBefore = await ethBalance(t.hotWallet)
      await engine().runOnce()
      const sweep = await t.kassa.database.db
        .selectFrom('payouts')
        .selectAll()
        .where('payment_id', '=', paymentId)
        .executeTakeFirstOrThrow()
      assert.equal(sweep.kind, 'sweep')
      assert.equal(sweep.to_address, t.hotWallet)
      assert.equal(sweep.from_address, payment.pay_address)
      await anvil.mine(3)
      await engine().runOnce()
      assert.equal((await getPayout(t.kassa.deps, sweep.id)).status, 'confirmed')
      const left = await ethBalance(payment.pay_address)
      const gained = (await ethBalance(t.hotWallet)) - hotBefore
      assert.equal(gained, BigInt(sweep.amount!))
      assert.ok(gained > (7n * ETH) / 10n - 10n ** 15n, `swept ${gained} of 0.7 ETH`)
      assert.ok(left < 10n ** 15n, `left ${left} wei`)
      await engine().runOnce()
      assert.equal(
        (await t.kassa.database.db.selectFrom('payouts').select('id').where('payment_id', '=', paymentId).execute()).length,
        1,
        'swept once',
      )
    })

    test('a payout whose nonce another transaction took fails and is refunded; one the hot wallet cannot cover waits with its reason', async () => {
      const to = freshAddress()
      const before = (await balance(t, store)).json.ETH
      const w = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'ETH', amount: '0.03', to })
      await engine().signQueued(t.adapter)
      const signed = await getPayout(t.kassa.deps, w.id)
      // Someone with the hot wallet's key spends that nonce first (an operator's manual send).
      const hot = privateKeyToAccount(t.hotKey)
      await anvil
        .wallet(hot)
        .sendTransaction({ to: freshAddress() as Hex, value: 1n, nonce: signed.nonce!, account: hot, chain: undefined })
      await anvil.mine(1)
      await engine().runOnce()
      await engine().runOnce()
      const failed = await getPayout(t.kassa.deps, w.id)
      assert.equal(failed.status, 'failed')
      assert.match(failed.failureReason!, /nonce was used by another transaction/)
      assert.equal(await ethBalance(to), 0n)
      assert.equal((await balance(t, store)).json.ETH.available, before.available, 'refunded to available')

      // USDT beyond what the hot wallet holds: the node refuses to estimate it; it waits, unsigned.
      const big = await fund('USDT_ERC20', '900.00')
      assert.ok(big)
      const hotTokens = await tokenBalance(anvil, token, t.hotWallet)
      await anvil.test.setStorageAt({ address: token, index: storageSlotOfBalance(t.hotWallet), value: `0x${'0'.repeat(64)}` })
      const w2 = await createWithdrawal(t.kassa.deps, await storeRow(), { currency: 'USDT_ERC20', amount: '800', to })
      await engine().runOnce()
      const waiting = await getPayout(t.kassa.deps, w2.id)
      assert.equal(waiting.status, 'queued')
      assert.match(waiting.failureReason!, /balance/)
      assert.equal(await tokenBalance(anvil, token, to), 0n)
      // Topped up: it goes through.
      await mintTokens(anvil, token, t.hotWallet, hotTokens)
      await engine().runOnce()
      await anvil.mine(3)
      await engine().runOnce()
      assert.equal((await getPayout(t.kassa.deps, w2.id)).status, 'confirmed')
      assert.equal(await tokenBalance(anvil, token, to), 800_000_000n)
      await assertLedgerBalanced(t)
    })

    test('the operator route creates a withdrawal and reports it; refusals in the envelope, nothing written', async () => {
      const to = freshAddress()
      const post = (body: unknown, token: string | null = OPERATOR_TOKEN, storeId = store.storeId) =>
        fetch(`${t.baseUrl}/operator/v1/stores/${storeId}/withdrawals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }))
      const payoutsBefore = (await t.kassa.database.db.selectFrom('payouts').select('id').execute()).length
      const refusals: [unknown, string | null, number, RegExp][] = [
        [{ currency: 'ETH', amount: '0.01', to }, null, 401, /./],
        [{ currency: 'ETH', amount: '0.01', to }, 'wrong-token-wrong-token-wrong', 401, /./],
        [{ currency: 'ETH', amount: '0.01', to: to.slice(0, 41) }, OPERATOR_TOKEN, 400, /is not a valid address/],
        [{ currency: 'ETH', amount: '5000', to }, OPERATOR_TOKEN, 400, /exceeds the available balance/],
        [{ currency: 'ETH', amount: 0.01, to }, OPERATOR_TOKEN, 400, /amount must be a string/],
        [{ currency: 'ETH', to }, OPERATOR_TOKEN, 400, /amount is required/],
        [{ currency: 'ETH', amount: '0.01', to, memo: 'x' }, OPERATOR_TOKEN, 400, /Unknown field memo/],
        ['{not json', OPERATOR_TOKEN, 400, /not valid JSON/],
      ]
      for (const [body, token, status, message] of refusals) {
        const r = await post(body, token)
        assert.equal(r.status, status, JSON.stringify(body))
        assert.equal(r.json.success, false)
        assert.match(r.json.error, message)
      }
      assert.equal(
        (await post({ currency: 'ETH', amount: '0.01', to }, OPERATOR_TOKEN, '00000000-0000-4000-8000-000000000000')).status,
        404,
      )
      assert.equal((await t.kassa.database.db.selectFrom('payouts').select('id').execute()).length, payoutsBefore)

      const ok = await post({ currency: 'ETH', amount: '0.02', to })
      assert.equal(ok.status, 200)
      assert.equal(ok.json.data.status, 'queued')
      assert.equal(ok.json.data.amount, '0.02')
      await engine().runOnce()
      await anvil.mine(3)
      await engine().runOnce()
      const shown = await fetch(`${t.baseUrl}/operator/v1/payouts/${ok.json.data.payout_id}`, {
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      }).then((r) => r.json() as any)
      assert.equal(shown.data.status, 'confirmed')
      assert.match(shown.data.tx_hash, /^0x[0-9a-f]{64}$/)
      assert.equal(await ethBalance(to), ETH / 50n)
      const listed = await fetch(`${t.baseUrl}/operator/v1/payouts?store_id=${store.storeId}&limit=200`, {
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      }).then((r) => r.json() as any)
      assert.ok(listed.data.payouts.some((p: { payout_id: string }) => p.payout_id === ok.json.data.payout_id))
      assert.ok(listed.data.payouts.every((p: { store_id: string }) => p.store_id === store.storeId))
    })

    async function restart(): Promise<void> {
      await t.close()
      t = await startEvmKassa(dialect, anvil, {
        token,
        confirmations: 3,
        database,
        keys: { masterKey: t.masterKey, depositMnemonic: t.depositMnemonic, hotKey: t.hotKey },
      })
    }
  })
}
