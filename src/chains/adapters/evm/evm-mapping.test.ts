import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AddressMatcher } from '../../address-matcher.js'
import { NATIVE_OUTPUT_INDEX, TRANSFER_TOPIC, nativeTransfers, normaliseEvmAddress, tokenTransfers } from './evm-mapping.js'
import type { RpcBlock, RpcLog } from './evm-mapping.js'

const OURS = '0x52908400098527886E0F7030069857D2E4169EE7' // EIP-55 test vector
const THEIRS = '0x8617E340B3D01FA5F11F306F4090FD50E238070D'
const TOKEN = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
const topicOf = (a: string) => `0x${'0'.repeat(24)}${a.slice(2).toLowerCase()}`
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`

const matcher = new AddressMatcher(normaliseEvmAddress)
matcher.add([OURS.toLowerCase()])

test('native transfers: only value sent to watched addresses, reported in EIP-55 form', () => {
  const block: RpcBlock = {
    number: '0x10',
    hash: '0xb',
    parentHash: '0xa',
    transactions: [
      { hash: '0x1', to: OURS.toLowerCase(), value: '0xde0b6b3a7640000' },
      { hash: '0x2', to: THEIRS, value: '0x1' },
      { hash: '0x3', to: null, value: '0x5' }, // contract creation
      { hash: '0x4', to: OURS, value: '0x0' }, // a call carrying no value
    ],
  }
  assert.deepEqual(nativeTransfers(block, 'ETH', matcher), [
    { txHash: '0x1', outputIndex: NATIVE_OUTPUT_INDEX, currency: 'ETH', toAddress: OURS, amount: 10n ** 18n },
  ])
})

test('token transfers: Transfer logs of configured contracts to watched addresses; look-alikes are skipped', () => {
  const base = { blockNumber: '0x10', blockHash: '0xb', transactionHash: '0x9', logIndex: '0x3' }
  const logs: RpcLog[] = [
    { ...base, address: TOKEN.toLowerCase(), topics: [TRANSFER_TOPIC, topicOf(THEIRS), topicOf(OURS)], data: word(25_010_000n) },
    { ...base, logIndex: '0x4', address: TOKEN, topics: [TRANSFER_TOPIC, topicOf(OURS), topicOf(THEIRS)], data: word(5n) }, // outgoing
    { ...base, logIndex: '0x5', address: THEIRS, topics: [TRANSFER_TOPIC, topicOf(THEIRS), topicOf(OURS)], data: word(7n) }, // another contract
    { ...base, logIndex: '0x6', address: TOKEN, topics: [TRANSFER_TOPIC, topicOf(THEIRS), topicOf(OURS), word(1n)], data: '0x' }, // ERC-721 shape
    { ...base, logIndex: '0x7', address: TOKEN, topics: [TRANSFER_TOPIC, topicOf(THEIRS), topicOf(OURS)], data: '0x01' }, // short data
    { ...base, logIndex: '0x8', address: TOKEN, topics: [TRANSFER_TOPIC, topicOf(THEIRS), topicOf(OURS)], data: word(9n), removed: true },
  ]
  const tokens = new Map([[TOKEN.toLowerCase(), 'USDT_ERC20' as const]])
  assert.deepEqual(tokenTransfers(logs, tokens, matcher), [
    { txHash: '0x9', outputIndex: 3, currency: 'USDT_ERC20', toAddress: OURS, amount: 25_010_000n },
  ])
})

test('the matcher ignores case and counts each address once', () => {
  const m = new AddressMatcher(normaliseEvmAddress)
  m.add([OURS, OURS.toLowerCase(), THEIRS])
  assert.equal(m.size, 2)
  assert.ok(m.has(OURS.toUpperCase().replace('0X', '0x')))
  assert.ok(!m.has(TOKEN))
})
