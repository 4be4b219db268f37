import assert from 'node:assert/strict'
import { test } from 'node:test'
import { partnerCredit } from './partner-credit.js'
import { activationLines, exchangeReceiveLines, outputPaidLines } from './swap-posting.js'

const sum = (lines: { amount: bigint }[]) => lines.reduce((s, l) => s + l.amount, 0n)
const byAccount = (lines: { account: string; amount: bigint }[]) => {
  const out: Record<string, bigint> = {}
  for (const l of lines) out[l.account] = (out[l.account] ?? 0n) + l.amount
  return out
}

test("a split order's activation: the deposit in, fee (less the partner's 30 %) and output fees out; it balances", () => {
  // The seed's order: 10 BTC, 0.45 %, two outputs at 0.00005.
  const lines = activationLines({
    trackcode: 'T',
    received: 1_000_000_000n,
    serviceFee: 4_500_000n,
    outputFees: 10_000n,
    partner: { accountId: 'p', credit: partnerCredit(4_500_000n) },
    exchanged: 0n,
  })
  assert.equal(sum(lines), 0n)
  assert.deepEqual(byAccount(lines), {
    'swap:deposits': -1_000_000_000n,
    'swap:order:T': 995_490_000n,
    'swap:fees': 3_150_000n,
    'partner:p': 1_350_000n,
    'swap:output_fees': 10_000n,
  })
  assert.equal(
    lines.some((l) => l.kind === 'swap_exchange'),
    false,
    'no zero-amount lines',
  )
})

test('an exchange: the deposit less the fee to inventory; the receive amount from inventory to the order; an output paid leaves it', () => {
  const activation = activationLines({ trackcode: 'X', received: 100n, serviceFee: 1n, outputFees: 0n, partner: null, exchanged: 99n })
  assert.equal(sum(activation), 0n)
  assert.deepEqual(byAccount(activation), { 'swap:deposits': -100n, 'swap:order:X': 0n, 'swap:fees': 1n, 'swap:inventory': 99n })
  const receive = exchangeReceiveLines('X', 7n)
  const paid = outputPaidLines('X', 7n)
  assert.equal(sum(receive) + sum(paid), 0n)
  assert.deepEqual(byAccount([...receive, ...paid]), { 'swap:inventory': -7n, 'swap:order:X': 0n, 'swap:payouts': 7n })
})

test('the partner gets 30 % of the service fee, rounded down', () => {
  assert.equal(partnerCredit(4_500_000n), 1_350_000n)
  assert.equal(partnerCredit(1n), 0n)
  assert.equal(partnerCredit(10n), 3n)
})
