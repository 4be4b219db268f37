import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CurrencyCode } from '../../money/index.js'
import { buyerAmount, checkText, linkCurrencies, parsePaymentLinkInput } from './payment-link.js'
import type { PaymentLink, PaymentLinkInput } from './payment-link.js'

const STORE: CurrencyCode[] = ['USDT_TRC20', 'BTC', 'ETH']
const input = (over: Partial<PaymentLinkInput> = {}): PaymentLinkInput => ({
  title: 'Consultation',
  description: '',
  pricing: 'fixed',
  unit: 'USD',
  amount: '25',
  minAmount: '',
  maxAmount: '',
  currencies: [],
  ...over,
})
const link = (over: Partial<PaymentLink> = {}): PaymentLink => ({
  ...parsePaymentLinkInput(input(), STORE),
  id: '0190a000-0000-7000-8000-000000000000',
  storeId: 's',
  active: true,
  createdAt: 0,
  updatedAt: 0,
  ...over,
})
const refused = (over: Partial<PaymentLinkInput>, message: RegExp) =>
  assert.throws(() => parsePaymentLinkInput(input(over), STORE), message, JSON.stringify(over))

test('a fixed fiat link keeps its price as exact decimal text, and every store currency', () => {
  const d = parsePaymentLinkInput(input({ amount: '25.50', description: '  One hour  ' }), STORE)
  assert.deepEqual(
    { amount: d.amount, unit: d.unit, currencies: d.currencies, description: d.description },
    { amount: '25.5', unit: 'USD', currencies: null, description: 'One hour' },
  )
})

test('a crypto unit is the one currency the link takes, whatever was ticked', () => {
  const d = parsePaymentLinkInput(input({ unit: 'BTC', amount: '0.00100000', currencies: ['ETH'] }), STORE)
  assert.deepEqual([d.amount, d.currencies], ['0.001', ['BTC']])
})

test('ticked currencies must be the store\u2019s; duplicates collapse', () => {
  assert.deepEqual(parsePaymentLinkInput(input({ currencies: ['BTC', 'BTC', 'ETH'] }), STORE).currencies, ['BTC', 'ETH'])
  refused({ currencies: ['LTC'] }, /LTC is not one of the store/)
  refused({ currencies: ['DOGE'] }, /DOGE is not one of the store/)
})

test('every field\u2019s bad input is refused with its name', () => {
  refused({ title: '   ' }, /title is required/)
  refused({ title: 'x'.repeat(101) }, /title must be at most 100/)
  refused({ title: 'a\u0000b' }, /title must not contain control/)
  refused({ description: 'd'.repeat(501) }, /description must be at most 500/)
  refused({ description: 'bell\u0007' }, /description must not contain control/)
  refused({ pricing: 'free' }, /pricing must be/)
  refused({ unit: 'LTC' }, /unit must be a fiat currency/)
  refused({ unit: 'XYZ' }, /unit must be a fiat currency/)
  refused({ amount: '' }, /amount is required for a fixed price/)
  refused({ amount: '-5' }, /amount must be a positive decimal/)
  refused({ amount: '0' }, /amount must be greater than zero/)
  refused({ amount: '1.234' }, /amount has more than 2 decimal places/)
  refused({ amount: '1e3' }, /amount must be a positive decimal/)
  refused({ amount: '9'.repeat(5000) }, /amount is too large/)
  refused({ unit: 'BTC', amount: '0.000000001' }, /more than 8 decimal places/)
  refused({ pricing: 'open', minAmount: '10', maxAmount: '5' }, /min_amount must not be more than max_amount/)
  refused({ pricing: 'open', minAmount: 'ten' }, /min_amount must be a positive decimal/)
  refused({ pricing: 'open', maxAmount: '1\u00002' }, /max_amount must be a positive decimal/)
})

test('an open link ignores a stray fixed amount and keeps its limits', () => {
  const d = parsePaymentLinkInput(input({ pricing: 'open', amount: 'junk', minAmount: '5', maxAmount: '100.00' }), STORE)
  assert.deepEqual([d.amount, d.minAmount, d.maxAmount], [null, '5', '100'])
})

test('the buyer pays a fixed link\u2019s price whatever they send', () => {
  assert.equal(buyerAmount(link(), '1'), '25')
})

test('the buyer\u2019s amount on an open link: checked like any amount, then against min and max', () => {
  const open = link({ pricing: 'open', amount: null, minAmount: '5', maxAmount: '100' })
  assert.equal(buyerAmount(open, ' 42.50 '), '42.5')
  assert.equal(buyerAmount(open, '5'), '5')
  assert.equal(buyerAmount(open, '100.00'), '100')
  assert.throws(() => buyerAmount(open, '4.99'), /amount must be at least 5 USD/)
  assert.throws(() => buyerAmount(open, '100.01'), /amount must be at most 100 USD/)
  assert.throws(() => buyerAmount(open, ''), /amount is required/)
  assert.throws(() => buyerAmount(open, undefined), /amount is required/)
  assert.throws(() => buyerAmount(open, '-1'), /positive decimal/)
  assert.throws(() => buyerAmount(open, '1.001'), /more than 2 decimal places/)
  assert.throws(() => buyerAmount(open, '1\u0000'), /positive decimal/)
  assert.throws(() => buyerAmount(link({ pricing: 'open', amount: null }), '9'.repeat(40)), /too large/)
})

test('a link\u2019s currencies are those the store still takes, in the store\u2019s order', () => {
  assert.deepEqual(linkCurrencies(link(), STORE), STORE)
  assert.deepEqual(linkCurrencies(link({ currencies: ['ETH', 'LTC', 'BTC'] }), STORE), ['BTC', 'ETH'])
})

test('free text keeps newlines and tabs, refuses NUL and other controls, counts code points', () => {
  assert.equal(checkText('d', ' a\n\tb ', 10), 'a\n\tb')
  assert.equal(checkText('d', '😀'.repeat(10), 10), '😀'.repeat(10))
  assert.throws(() => checkText('d', '\u001b[31m', 10), /control/)
})
