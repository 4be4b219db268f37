import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../clock.js'
import { startTcpProxy } from '../tcp-proxy.js'
import { hexToBase58 } from './bytes.js'
import { readFixture } from './networks.js'
import { addressOfPrivateKey, labelledKey } from './signing.js'
import { signedTransfer, startTronNode, type TronNode } from './tron-node.js'

type Json = Record<string, any>
const keys = (o: Json) => Object.keys(o).sort()
const merchant = hexToBase58(addressOfPrivateKey(labelledKey('http merchant')))
const merchantHex = addressOfPrivateKey(labelledKey('http merchant'))

async function post(node: TronNode, path: string, body: unknown = {}): Promise<Json> {
  const res = await fetch(`${node.url}${path}`, { method: 'POST', body: JSON.stringify(body) })
  return (await res.json()) as Json
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<Json> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }) })
  return (await res.json()) as Json
}

describe('the TRON node double over HTTP, against the recorded answers', () => {
  let node: TronNode
  const clock = new ManualClock()
  const recordedBlock = readFixture<Json>('blocks/mainnet-61132092-getnowblock.json')
  const recordedTrx = recordedBlock.transactions.find((t: Json) => t.raw_data.contract[0].type === 'TransferContract')
  const recordedUsdt = recordedBlock.transactions.find((t: Json) => t.raw_data.contract[0].type === 'TriggerSmartContract')

  before(async () => {
    node = await startTronNode({ network: 'nile', clock })
  })
  after(() => node.stop())

  it('serves blocks in the recorded getnowblock shape, with TRX and USDT transfers and a failed one', async () => {
    node.payTrx({ to: merchant, amount: 7_000_000n })
    node.payUsdt({ to: merchant, amount: 2_500_000n })
    node.payUsdt({ to: merchant, amount: 9_000_000n, outcome: 'REVERT' })
    node.payUsdt({ to: merchant, amount: 1_000_000n, outcome: 'OUT_OF_ENERGY' })
    const [mined] = node.mine()
    const block = await post(node, '/wallet/getnowblock')
    assert.equal(block.blockID, mined!.id)
    assert.deepEqual(keys(block), keys(recordedBlock))
    assert.deepEqual(keys(block.block_header.raw_data), keys(recordedBlock.block_header.raw_data))
    const [trx, usdt] = block.transactions
    assert.deepEqual(keys(trx), keys(recordedTrx))
    assert.deepEqual(
      keys(trx.raw_data),
      keys(recordedTrx.raw_data).filter((k) => k !== 'fee_limit'),
    )
    assert.deepEqual(keys(usdt.raw_data), keys(recordedUsdt.raw_data))
    assert.deepEqual(keys(usdt.raw_data.contract[0].parameter.value), keys(recordedUsdt.raw_data.contract[0].parameter.value))
    assert.deepEqual(
      block.transactions.map((t: Json) => t.ret[0].contractRet),
      ['SUCCESS', 'SUCCESS', 'REVERT', 'OUT_OF_ENERGY'],
    )
    assert.match(trx.raw_data.contract[0].parameter.value.owner_address, /^41[0-9a-f]{40}$/)
    assert.equal(node.account(merchant).trx, 7_000_000n)
    assert.equal(node.account(merchant).usdt, 2_500_000n)
    assert.equal((await post(node, '/wallet/getblockbynum', { num: Number(mined!.number) })).blockID, mined!.id)
    assert.equal((await post(node, '/wallet/getblockbyid', { value: mined!.id })).blockID, mined!.id)
    const visible = await post(node, '/wallet/getblockbynum', { num: Number(mined!.number), visible: true })
    assert.equal(visible.transactions[0].raw_data.contract[0].parameter.value.to_address, merchant)
    assert.deepEqual(await post(node, '/wallet/getblockbynum', { num: 5 }), {})
  })

  it('serves transaction infos like the recorded mainnet ones, success with a Transfer log and failures without', async () => {
    const block = await post(node, '/wallet/getnowblock')
    const [, usdt, reverted, outOfEnergy] = block.transactions
    const ok = await post(node, '/wallet/gettransactioninfobyid', { value: usdt.txID })
    const recordedOk = readFixture<Json>('transaction-info/mainnet-b69c51db-usdt-transfer.json')
    assert.deepEqual(
      keys(ok).filter((k) => k !== 'fee'),
      keys(recordedOk).filter((k) => k !== 'fee'),
    )
    assert.equal(ok.log[0].topics[0], recordedOk.log[0].topics[0])
    assert.equal(ok.log[0].topics[2], `000000000000000000000000${merchantHex.slice(2)}`)
    assert.equal(BigInt(`0x${ok.log[0].data}`), 2_500_000n)
    const ooe = await post(node, '/wallet/gettransactioninfobyid', { value: outOfEnergy.txID })
    const recordedOoe = readFixture<Json>('transaction-info/mainnet-e63a324a-usdt-out-of-energy.json')
    assert.deepEqual(keys(ooe), keys(recordedOoe))
    assert.deepEqual(
      keys(ooe.receipt),
      keys(recordedOoe.receipt).filter((k) => k !== 'energy_penalty_total'),
    )
    assert.equal(ooe.receipt.result, 'OUT_OF_ENERGY')
    const rev = await post(node, '/wallet/gettransactioninfobyid', { value: reverted.txID })
    assert.deepEqual([rev.result, rev.receipt.result, rev.log], ['FAILED', 'REVERT', undefined])
    assert.equal(Buffer.from(rev.resMessage, 'hex').toString(), 'REVERT opcode executed')
    const byId = await post(node, '/wallet/gettransactionbyid', { value: usdt.txID })
    assert.deepEqual(byId, usdt)
    assert.deepEqual(await post(node, '/wallet/gettransactioninfobyid', { value: 'ab'.repeat(32) }), {})
  })

  it('keeps the solidified head 19 blocks behind and serves it on /walletsolidity', async () => {
    const head = (await post(node, '/wallet/getnowblock')).block_header.raw_data.number
    const solid = await post(node, '/walletsolidity/getnowblock')
    assert.equal(solid.block_header.raw_data.number, head - 19)
    const usdtTx = (await post(node, '/wallet/getnowblock')).transactions[1].txID
    assert.deepEqual(await post(node, '/walletsolidity/gettransactioninfobyid', { value: usdtTx }), {})
    node.mine(19)
    assert.equal((await post(node, '/walletsolidity/gettransactioninfobyid', { value: usdtTx })).id, usdtTx)
  })

  it('answers accounts, resources, chain parameters and the USDT contract in the recorded shapes', async () => {
    const account = await post(node, '/wallet/getaccount', { address: merchantHex })
    const recordedAccount = readFixture<Json>('account/nile-getaccount.json')
    for (const k of ['address', 'balance', 'create_time', 'owner_permission', 'active_permission', 'frozenV2', 'account_resource'])
      assert.ok(k in account, k)
    assert.deepEqual(keys(account.owner_permission), keys(recordedAccount.owner_permission))
    assert.equal(account.balance, 7_000_000)
    assert.deepEqual(await post(node, '/wallet/getaccount', { address: `41${'12'.repeat(20)}` }), {})
    const res = await post(node, '/wallet/getaccountresource', { address: merchant, visible: true })
    assert.deepEqual(keys(res), ['TotalEnergyLimit', 'TotalEnergyWeight', 'TotalNetLimit', 'TotalNetWeight', 'freeNetLimit'])
    node.setAccount(merchant, { energyLimit: 50_000n, netLimit: 1_500n, netUsed: 200n })
    const staked = await post(node, '/wallet/getaccountresource', { address: merchantHex })
    assert.deepEqual([staked.EnergyLimit, staked.NetLimit, staked.NetUsed], [50_000, 1_500, 200])
    const params = await post(node, '/wallet/getchainparameters')
    assert.equal(params.chainParameter.find((p: Json) => p.key === 'getEnergyFee').value, 420)
    assert.deepEqual(
      params.chainParameter.map((p: Json) => p.key),
      readFixture<Json>('chain/mainnet-getchainparameters.json').chainParameter.map((p: Json) => p.key),
    )
    const contract = await post(node, '/wallet/getcontract', { value: node.chain.config.usdtContract })
    assert.equal(contract.contract_address, node.chain.config.usdtContract)
    assert.equal(contract.name, 'TetherToken')
    assert.deepEqual(await post(node, '/wallet/getcontract', { value: merchantHex }), {})
  })

  it('answers balanceOf, decimals and a transfer energy estimate from triggerconstantcontract', async () => {
    const recorded = readFixture<Json>('contract/nile-triggerconstantcontract-balanceof.json')
    const call = (function_selector: string, parameter: string) =>
      post(node, '/wallet/triggerconstantcontract', {
        owner_address: merchantHex,
        contract_address: node.chain.config.usdtContract,
        function_selector,
        parameter,
      })
    const bal = await call('balanceOf(address)', `000000000000000000000000${merchantHex.slice(2)}`)
    assert.deepEqual(keys(bal), keys(recorded))
    assert.deepEqual(keys(bal.transaction), keys(recorded.transaction))
    assert.equal(BigInt(`0x${bal.constant_result[0]}`), 2_500_000n)
    assert.equal(bal.transaction.raw_data.contract[0].parameter.value.data.slice(0, 8), '70a08231')
    assert.equal(BigInt(`0x${(await call('decimals()', '')).constant_result[0]}`), 6n)
    const to = addressOfPrivateKey(labelledKey('someone new'))
    const est = await call(
      'transfer(address,uint256)',
      `000000000000000000000000${to.slice(2)}${(1_000_000).toString(16).padStart(64, '0')}`,
    )
    assert.deepEqual([est.result.result, est.energy_used], [true, 130_285])
    const tooMuch = await call(
      'transfer(address,uint256)',
      `000000000000000000000000${to.slice(2)}${(9_000_000).toString(16).padStart(64, '0')}`,
    )
    assert.equal(tooMuch.transaction.ret[0].ret, 'FAILED')
    const none = await post(node, '/wallet/triggerconstantcontract', {
      owner_address: merchantHex,
      contract_address: merchantHex,
      function_selector: 'decimals()',
    })
    assert.equal(none.result.code, 'CONTRACT_VALIDATE_ERROR')
  })

  it('answers JSON-RPC like the recorded TronGrid answers: chain id, head, blocks, Transfer logs', async () => {
    assert.equal((await rpc(node.jsonRpcUrl, 'eth_chainId')).result, '0xcd8690dc')
    const head = node.chain.head
    assert.equal((await rpc(node.jsonRpcUrl, 'eth_blockNumber')).result, `0x${head.number.toString(16)}`)
    const recorded = readFixture<Json[]>('recorded-exchanges/shasta-test-async-monitoring.json')[1]!.response.result
    const block = (await rpc(node.jsonRpcUrl, 'eth_getBlockByNumber', ['latest', false])).result
    assert.deepEqual(Object.keys(block), Object.keys(recorded))
    assert.equal(block.hash, `0x${head.id}`)
    const withTransfer = node.chain.blocks.find((b) => b.txs.some((t) => t.execution.log))!
    const logs = (
      await rpc(node.jsonRpcUrl, 'eth_getLogs', [
        {
          blockHash: `0x${withTransfer.id}`,
          address: [`0x${node.chain.config.usdtContract.slice(2)}`],
          topics: ['0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'],
        },
      ])
    ).result
    assert.equal(logs.length, 1)
    assert.deepEqual(Object.keys(logs[0]), Object.keys(readFixture<Json>('jsonrpc/nile-eth_getLogs-data-truncated.json').result[0]))
    assert.equal(logs[0].topics[2], `0x000000000000000000000000${merchantHex.slice(2)}`)
    const full = (await rpc(node.jsonRpcUrl, 'eth_getBlockByHash', [`0x${withTransfer.id}`, true])).result
    assert.equal(full.transactions[1].to, `0x${node.chain.config.usdtContract.slice(2)}`)
    assert.equal((await rpc(node.jsonRpcUrl, 'eth_getBlockByNumber', ['pending', false])).error.message, 'TAG pending not supported')
    assert.equal((await rpc(node.jsonRpcUrl, 'eth_getBlockByNumber', ['0x5', false])).result, null)
  })

  it('serves the network genesis block id for block 0', async () => {
    const genesis = await post(node, '/wallet/getblockbynum', { num: 0 })
    assert.equal(genesis.blockID, readFixture<Json>('networks.json').nile.genesisBlockId)
    // As java-tron prints block 0: number and timestamp are proto3 zeros, so they are absent.
    assert.equal(genesis.block_header.raw_data.number, undefined)
    assert.equal(genesis.block_header.raw_data.timestamp, undefined)
  })

  it('replaces blocks on reorg: other ids, dropped transactions gone and their balances undone, kept ones mined again', async () => {
    node.payTrx({ to: merchant, amount: 1_000n })
    node.payTrx({ to: merchant, amount: 2_000n })
    const [b] = node.mine()
    const before = node.account(merchant).trx
    const [dropped, kept] = b!.txs.map((t) => t.tx.txid)
    node.reorg(1, { drop: [dropped!] })
    const replaced = node.chain.head
    assert.equal(replaced.number, b!.number)
    assert.notEqual(replaced.id, b!.id)
    assert.deepEqual(await post(node, '/wallet/getblockbyid', { value: b!.id }), {})
    assert.deepEqual(await post(node, '/wallet/gettransactionbyid', { value: dropped }), {})
    assert.equal((await post(node, '/wallet/gettransactioninfobyid', { value: kept })).blockNumber, Number(replaced.number))
    assert.equal(node.account(merchant).trx, before - 1_000n)
  })

  it('lets a pending broadcast expire unmined when its expiration passes', async () => {
    const payer = labelledKey('expiring payer')
    node.setAccount(hexToBase58(addressOfPrivateKey(payer)), { trx: 5_000_000n })
    const tx = signedTransfer(node, payer, { to: merchant, amount: 1_000n, expiration: node.chain.head.timestamp + 6_000n })
    assert.equal((await post(node, '/wallet/broadcasthex', { transaction: tx.hex })).result, true)
    clock.advance(60_000)
    node.mine()
    assert.equal(node.broadcasts.find((x) => x.txid === tx.txid)!.state, 'expired')
    assert.equal(node.account(hexToBase58(addressOfPrivateKey(payer))).trx, 5_000_000n)
  })

  it('mines a block of 300 filler transactions', () => {
    node.addFiller(300)
    const started = performance.now()
    const [b] = node.mine()
    assert.equal(b!.txs.length, 300)
    assert.ok(performance.now() - started < 10_000)
  })

  it('goes down and comes back behind the TCP proxy, and can lie once', async () => {
    const proxy = await startTcpProxy(node.port)
    try {
      const via = async () => (await (await fetch(`${proxy.url}/wallet/getnowblock`, { method: 'POST' })).json()) as Json
      assert.equal((await via()).blockID, node.chain.head.id)
      await proxy.down()
      await assert.rejects(via())
      await proxy.up()
      node.injectFault({ match: '/wallet/getnowblock', respond: (real) => ({ ...(real as Json), block_header: { raw_data: {} } }) })
      assert.deepEqual((await via()).block_header, { raw_data: {} })
      assert.equal((await via()).blockID, node.chain.head.id)
      node.injectFault({ match: 'eth_blockNumber', respond: () => 'not json' })
      await assert.rejects(rpc(`${proxy.url}/jsonrpc`, 'eth_blockNumber'))
    } finally {
      await proxy.close()
    }
  })
})
