import { after, before } from 'node:test'
import type { TestDialect } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

export interface SwapResponse {
  status: number
  headers: Headers
  text: string
  body: any
}

/** A Swap API call as a partner's server makes it: Bearer key, JSON body. */
export async function swapRequest(
  t: TestKassa,
  method: 'GET' | 'POST',
  path: string,
  key: string | null,
  body?: unknown,
): Promise<SwapResponse> {
  const headers: Record<string, string> = {}
  if (key !== null) headers.authorization = `Bearer ${key}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(t.baseUrl + path, {
    method,
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, text, body: parsed }
}

/** A refusal in the seed's envelope, with this status and code; returns the message. */
export function expectSwapError(r: SwapResponse, status: number, code: string): string {
  if (r.status !== status || r.body?.ok !== false || r.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status}: ${r.text}`)
  }
  if (Object.keys(r.body).join() !== 'ok,code,message' || typeof r.body.message !== 'string')
    throw new Error(`not the seed's envelope: ${r.text}`)
  return r.body.message
}

/** The seed's split order (its PHP sample's payload): 10 BTC, 84.93 % now and 15.07 % after 2 h. */
export const SEED_MIXER_ORDER = {
  action: 'create_order',
  addresses: [
    { address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', percent: '84.93', delay: '0' },
    { address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', percent: '15.07', delay: '120' },
  ],
  amount: '10.00000000',
  crypto: 'btc',
  network: 'btc',
  service_fee: 0.45,
}

export interface SwapFixture {
  t: TestKassa
  /** A test-mode client's Bearer key. */
  key: string
  /** A second account, whose partner key earns the 30 % credit. */
  partner: { accountId: string; partnerKey: string }
}

/**
 * For one describe block: a TestKassa (started before its tests, closed after) with a client
 * and a partner account. The fields are set once the block's `before` has run.
 */
export function swapFixture(dialect: TestDialect, overrides?: Parameters<typeof startTestKassa>[1]): SwapFixture {
  const f = {} as SwapFixture
  before(async () => {
    f.t = await startTestKassa(dialect, overrides)
    f.key = (await f.t.kassa.swapAccounts.create('Client')).swapApiKey
    f.partner = await f.t.kassa.swapAccounts.create('Partner')
  })
  after(async () => {
    await f.t.close()
  })
  return f
}

/** A split order paying one XRP output with a destination tag. */
export const XRP_TAGGED_ORDER = {
  crypto: 'xrp',
  network: 'xrp',
  amount: '100',
  addresses: [{ address: 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', percent: '100', delay: '0', destination_tag: '435757008' }],
}

/** An activated XRP order whose one payout was reverted on chain: failed for good. */
export async function orderWithFailedOutput(t: TestKassa, key: string): Promise<{ trackcode: string; failedTx: string }> {
  const { trackcode } = (await swapRequest(t, 'POST', '/v1/mixer/orders', key, XRP_TAGGED_ORDER)).body
  await t.kassa.simulation.payOrder(trackcode)
  await t.kassa.simulation.mine(1, 'sim-xrp')
  await t.kassa.runWorkersOnce()
  const r = await swapRequest(t, 'POST', '/v1/orders/check', key, { trackcode, outputs: 'full' })
  const failedTx = r.body.outputs[0].tx as string
  await t.kassa.simulation.revert(failedTx, 'sim-xrp')
  await t.kassa.simulation.mine(1, 'sim-xrp')
  await t.kassa.runWorkersOnce()
  return { trackcode, failedTx }
}
