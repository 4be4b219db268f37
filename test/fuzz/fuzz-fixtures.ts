import fc from 'fast-check'
import { createPaymentLink } from '../../src/services/payment-links/payment-link-service.js'
import { createDashboardUser, TEST_PASSWORD } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { SEED_MIXER_ORDER } from '../swap/swap-client.js'
import type { TestKassa } from '../support/test-kassa.js'
import type { Vocabulary } from './schema-arbitrary.js'

export const OPERATOR_TOKEN = 'fuzz-operator-token-0123456789abcdef0123456789'
/** The only origin the widget store allows: requests from it reach the payment code. */
export const SHOP_ORIGIN = 'https://shop.example'
export const DASHBOARD_EMAIL = 'fuzz-operator@example.com'

/** Real rows for requests to point at, so that most requests find what they name and go deep. */
export interface FuzzFixtures {
  /** Signs the Merchant API; widgets and donations on. Not owned by a dashboard account. */
  merchant: StoreCredentials
  /** Owned by the dashboard person's account, several currencies. */
  dashboardStore: StoreCredentials
  /** A payment of `merchant`. */
  paymentId: string
  /** A payment of `dashboardStore`. */
  dashboardPaymentId: string
  /** Completed ETH payments (one per store), so refunds and balances have money to act on. */
  completedPaymentIds: string[]
  /** A refund of the merchant's completed payment that waits for the buyer's address. */
  refund: { id: string; token: string } | undefined
  selectionToken: string
  linkId: string | undefined
  swapKey: string
  trackcode: string
  signatureText: string
  /** Every id above: what a path parameter of any name may point at. */
  ids: string[]
}

/** Everything the requests point at, made through the services and the APIs themselves. */
export async function makeFixtures(t: TestKassa): Promise<FuzzFixtures> {
  const user = await createDashboardUser(t, DASHBOARD_EMAIL, { operator: true, accountName: 'Fuzz account' })
  const merchant = await t.createStore('USDT_TRC20,ETH')
  const dashboardStore = await t.createStore('USDT_TRC20,BTC,ETH', { accountId: user.accountId })
  for (const s of [merchant, dashboardStore]) {
    await t.kassa.pageSettings.update(s.storeId, { widgetEnabled: true, widgetOrigins: [SHOP_ORIGIN], donationsEnabled: true })
  }
  const created = await t.request(merchant, 'POST', '/api/v1/payment/create', {
    amount: '12.50',
    currency: 'USDT_TRC20',
    order_id: 'fuzz-1',
  })
  if (created.status !== 200) throw new Error(`fixture payment: ${created.text}`)
  const own = await t.request(dashboardStore, 'POST', '/api/v1/payment/create', { amount: '4', currency: 'USDT_TRC20' })
  if (own.status !== 200) throw new Error(`fixture payment: ${own.text}`)
  const dashboardPaymentId = own.json.data.payment_id as string
  const selecting = await t.request(dashboardStore, 'POST', '/api/v1/payment/create', { amount: '3' })
  const selectionToken = new URL(selecting.json?.data?.payment_url ?? 'http://x/').searchParams.get('token') ?? ''
  const store = await t.kassa.stores.getStore(dashboardStore.storeId)
  const link = await createPaymentLink(t.kassa.deps, store, {
    title: 'Fuzz link',
    description: '',
    pricing: 'fixed',
    unit: 'USDT_TRC20',
    amount: '5',
    minAmount: '',
    maxAmount: '',
    currencies: [],
  }).catch(() => undefined)
  const completedPaymentIds = [await completedEthPayment(t, merchant), await completedEthPayment(t, dashboardStore)]
  const refunded = await t.request(merchant, 'POST', `/api/v1/payment/${completedPaymentIds[0]}/refund`, { amount: '0.1' })
  const refund =
    refunded.status === 201
      ? { id: refunded.json.data.id as string, token: new URL(refunded.json.data.refund_url as string).pathname.split('/').pop()! }
      : undefined
  const swapKey = (await t.kassa.swapAccounts.create('Fuzz client')).swapApiKey
  const order = await t.app.inject({
    method: 'POST',
    url: '/v1/mixer/orders',
    headers: { authorization: `Bearer ${swapKey}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...SEED_MIXER_ORDER, amount: '1.00000000' }),
  })
  const orderBody = order.json() as { trackcode?: string; signature_text?: string }
  if (!orderBody.trackcode) throw new Error(`fixture swap order: ${order.body}`)
  const paymentId = created.json.data.payment_id as string
  const ids = [
    merchant.storeId,
    dashboardStore.storeId,
    paymentId,
    dashboardPaymentId,
    completedPaymentIds,
    refund,
    selectionToken,
    link?.id,
    orderBody.trackcode,
  ].filter((v): v is string => typeof v === 'string' && v !== '')
  return {
    merchant,
    dashboardStore,
    paymentId,
    dashboardPaymentId,
    completedPaymentIds,
    refund,
    selectionToken,
    linkId: link?.id,
    swapKey,
    trackcode: orderBody.trackcode,
    signatureText: orderBody.signature_text ?? '',
    ids,
  }
}

export { TEST_PASSWORD }

/** A completed test-mode ETH payment of 1 ETH, confirmed and credited (as test/refunds does it). */
async function completedEthPayment(t: TestKassa, store: StoreCredentials): Promise<string> {
  const p = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1', currency: 'ETH' })
  if (p.status !== 200) throw new Error(`fixture ETH payment: ${p.text}`)
  const id = p.json.data.payment_id as string
  await t.kassa.simulation.pay(id)
  await t.kassa.runWorkersOnce()
  await t.kassa.simulation.mine(12, 'sim-ethereum')
  await t.kassa.runWorkersOnce()
  const s = await t.request(store, 'GET', `/api/v1/payment/${id}`)
  if (s.json?.data?.status !== 'completed') throw new Error(`fixture ETH payment not completed: ${s.text}`)
  return id
}

const CURRENCIES = ['USDT_TRC20', 'USDT_ERC20', 'BTC', 'ETH', 'LTC', 'TRX', 'usdt_trc20', 'XRP']
const FIATS = ['USD', 'EUR', 'RUB', 'CNY', 'GBP', 'usd', 'JPY']
const AMOUNTS = ['1', '1.00', '12.5', '0.5', '100', '0.000001', '25.123456', '0.00000001', '5000', '0.01']
const ADDRESSES = [
  '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL',
  '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
  '0x52908400098527886E0F7030069857D2E4169EE7',
  'TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL',
  'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
]

/**
 * What the suite knows of field meanings, by name (path parameters, query parameters, body and
 * form fields alike): the fixtures' ids and keys, currencies, amounts, addresses, the Swap
 * API's fields. Only meanings, not routes: which fields a route takes comes from its schema,
 * its form, or for free-form bodies any of these names.
 */
export function fuzzVocabulary(f: FuzzFixtures): Vocabulary {
  const ids = fc.constantFrom(...f.ids)
  const swapOutput = fc.record(
    {
      address: fc.constantFrom(...ADDRESSES),
      percent: fc.constantFrom('100', '50.00', '84.93', '15.07', '33.33', '0.5'),
      delay: fc.constantFrom('0', '30', '1h 5m', '49h', '-1'),
    },
    { requiredKeys: ['address', 'percent'] },
  )
  const table: Record<string, fc.Arbitrary<unknown>> = {
    id: ids,
    pid: fc.constantFrom(f.dashboardPaymentId, f.paymentId, ...f.completedPaymentIds),
    payment_id: fc.constantFrom(f.paymentId, ...f.completedPaymentIds),
    rid: fc.constantFrom(f.refund?.id ?? 'none'),
    store_id: fc.constantFrom(f.merchant.storeId, f.dashboardStore.storeId),
    lid: fc.constantFrom(f.linkId ?? 'none'),
    linkId: fc.constantFrom(f.linkId ?? 'none'),
    apiKey: fc.constantFrom(f.merchant.apiKey, f.dashboardStore.apiKey),
    api_key: fc.constantFrom(f.merchant.apiKey, f.dashboardStore.apiKey),
    token: fc.constantFrom(f.selectionToken, f.refund?.token ?? 'none'),
    trackcode: fc.constantFrom(f.trackcode, f.trackcode.toLowerCase()),
    signature: fc.constantFrom(f.signatureText, f.signatureText.replace(/-----[A-Z ]+-----|\n/g, '')),
    output: fc.constantFrom('1', '2', '0', '11'),
    event_id: fc.constantFrom('1', '2', '999999'),
    eid: fc.constantFrom('1', '2'),
    currency: fc.constantFrom(...CURRENCIES),
    crypto: fc.constantFrom('btc', 'eth', 'usdt', 'ltc', 'BTC', 'doge'),
    network: fc.constantFrom('btc', 'eth', 'trc20', 'erc20', 'ltc', 'xrp'),
    from_coin: fc.constantFrom('btc', 'eth', 'usdt'),
    from_network: fc.constantFrom('btc', 'eth', 'trc20'),
    to_coin: fc.constantFrom('btc', 'eth', 'usdt', 'xrp'),
    to_network: fc.constantFrom('btc', 'eth', 'erc20', 'xrp'),
    to_address: fc.constantFrom(...ADDRESSES),
    address: fc.constantFrom(...ADDRESSES),
    addresses: fc.array(swapOutput, { minLength: 1, maxLength: 4 }),
    destination_tag: fc.constantFrom('12345', '0', '-1', 'abc'),
    memo: fc.constantFrom('12345', 'memo'),
    service_fee: fc.constantFrom('0.45', '0.10', '5.00', '5.01', 0.45, '3'),
    delay: fc.constantFrom('0', '30', '1h 5m', '48h', '49h'),
    partner: fc.constantFrom('nobody', f.swapKey),
    qrcode: fc.boolean(),
    type: fc.constantFrom('mixer', 'exchange', 'other'),
    outputs: fc.constantFrom('none', 'summary', 'full', 'all'),
    mask_addresses: fc.boolean(),
    action: fc.constantFrom('create_order'),
    amount: fc.constantFrom(...AMOUNTS),
    fiat_amount: fc.constantFrom(...AMOUNTS),
    other_amount: fc.constantFrom(...AMOUNTS),
    min_amount: fc.constantFrom(...AMOUNTS),
    max_amount: fc.constantFrom(...AMOUNTS),
    fiat: fc.constantFrom(...FIATS),
    fiat_currency: fc.constantFrom(...FIATS),
    unit: fc.constantFrom(...FIATS, ...CURRENCIES),
    pricing: fc.constantFrom('fixed', 'open'),
    currencies: fc.subarray(CURRENCIES.slice(0, 6)),
    order_id: fc.string({ minLength: 1, maxLength: 20 }),
    redirect_url: fc.constantFrom(
      'https://shop.example/thanks',
      'javascript:alert(1)',
      'http://user:pw@x.example/',
      'ftp://x',
      '/relative',
    ),
    webhook_url: fc.constantFrom('https://hooks.example/k', 'http://127.0.0.1/x', 'http://[::ffff:127.0.0.1]/'),
    url: fc.constantFrom('https://hooks.example/k', 'http://10.0.0.1/'),
    metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer())),
    email: fc.constantFrom(DASHBOARD_EMAIL, 'new@example.com', 'not-an-email', 'a@b'),
    password: fc.constantFrom(TEST_PASSWORD, 'short', 'x'.repeat(200)),
    current_password: fc.constantFrom(TEST_PASSWORD, 'wrong password here'),
    new_password: fc.constantFrom('another horse battery staple', 'short'),
    code: fc.constantFrom('123456', '000000', 'abcdef'),
    name: fc.string({ maxLength: 30 }),
    title: fc.string({ maxLength: 30 }),
    account_name: fc.string({ maxLength: 30 }),
    page: fc.constantFrom('1', '2', '0', '999999999'),
    per_page: fc.constantFrom('1', '20', '100', '101'),
    limit: fc.constantFrom('1', '100', '1000', '0'),
    after: fc.constantFrom('0', '1', '-1'),
    status: fc.constantFrom('pending', 'completed', 'expired', 'selecting', 'bogus'),
    lang: fc.constantFrom('en', 'ru', 'ja', 'zz', 'en-US'),
    embed: fc.constantFrom(SHOP_ORIGIN, 'https://evil.example', '1'),
    pretty: fc.constantFrom('1', 'true', '0'),
    next: fc.constantFrom('/dashboard/stores', '//evil.example', 'https://evil.example'),
    part: fc.constantFrom('half', 'more', 'rest'),
    color: fc.constantFrom('#ff0000', 'red', 'url(x)'),
    amounts: fc.constantFrom('5,10,25', '1e9', ''),
    _csrf: fc.constantFrom('bogus'),
  }
  return {
    names: Object.keys(table).filter((n) => n !== '_csrf'),
    valueFor: (name) => table[name],
  }
}
