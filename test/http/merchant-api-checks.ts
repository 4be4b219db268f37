import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { readJson } from '../support/signed-client.js'
import type { JsonResponse } from '../support/signed-client.js'
import type { TestKassa } from '../support/test-kassa.js'

/**
 * Shared checks of the Merchant API's HTTP tests: the seed's envelopes and JSON types, and the
 * promise that no response is a 500 or leaks a stack trace. Every check asserts something a
 * stub server would get wrong.
 */

/** The seed's timestamp form, "2025-01-15T12:30:00Z". */
export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** Base58check TRON address: 'T' then 33 base58 characters. */
export const TRON_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/
/** Bech32 P2WPKH on Bitcoin testnet, the sim network's format. */
export const BTC_TEST_ADDRESS = /^tb1q[02-9ac-hj-np-z]{38}$/

/** Every field of the seed's 決済ステータス response. */
export const STATUS_FIELDS = [
  'payment_id',
  'order_id',
  'status',
  'amount_requested',
  'amount_with_cents',
  'amount_received',
  'currency',
  'pay_address',
  'tx_hash',
  'confirmations',
  'confirmed_at',
  'expires_at',
  'created_at',
] as const

/** Expected ISO text for a clock value, computed here rather than with Kassa's own helper. */
export function isoAt(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}Z`
}

/** No 500, no stack trace, no file path: on every response of these tests. */
export function assertSafe(r: { status: number; text: string }): void {
  assert.notEqual(r.status, 500, `unexpected 500: ${r.text}`)
  assert.ok(!r.text.includes('stack'), `response mentions a stack: ${r.text}`)
  assert.ok(!r.text.includes('at /'), `response leaks a file path: ${r.text}`)
}

/** The seed's error envelope, exactly {"success": false, "error": "<message>"}; returns the message. */
export function expectError(r: JsonResponse, status: number): string {
  assertSafe(r)
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`)
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `content-type of ${r.text}`)
  const body: unknown = JSON.parse(r.text)
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), `not an object: ${r.text}`)
  assert.deepEqual(Object.keys(body).sort(), ['error', 'success'], `envelope keys: ${r.text}`)
  const { success, error } = body as { success: unknown; error: unknown }
  assert.equal(success, false)
  assert.equal(typeof error, 'string')
  assert.ok((error as string).trim().length > 0, 'empty error message')
  return error as string
}

/** A 200 with {"success": true, "data": {...}}; returns data. */
export function expectOk(r: JsonResponse): any {
  assertSafe(r)
  assert.equal(r.status, 200, `expected 200, got ${r.status}: ${r.text}`)
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/)
  assert.equal(r.json?.success, true, r.text)
  assert.ok(r.json.data !== null && typeof r.json.data === 'object', `data is not an object: ${r.text}`)
  return r.json.data
}

/** Asserts that `"key":value` appears verbatim in the response text (exact decimal text). */
export function assertRaw(text: string, key: string, valueText: string): void {
  const needle = `"${key}":${valueText}`
  assert.ok(text.includes(needle), `expected ${needle} in ${text}`)
}

/** An unsigned request (public endpoints, or auth tests that build their own headers). */
export async function plainRequest(
  t: TestKassa,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const init: RequestInit = { method, headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers } }
  if (body !== undefined) init.body = body
  const r = await readJson(await fetch(t.baseUrl + path, init))
  assertSafe(r)
  return r
}

/**
 * A request through node:http with exactly the given headers: fetch always adds a
 * Content-Type to a string body, so a body without one can only be sent this way.
 */
export function rawHttpRequest(
  t: TestKassa,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<JsonResponse> {
  const url = new URL(t.baseUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => {
          const h = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v)
          let json: any
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: h, text, json })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** The `token` query parameter of a selection payment_url. */
export function selectionToken(paymentUrl: string): string {
  const token = new URL(paymentUrl).searchParams.get('token')
  assert.ok(token, `no token in ${paymentUrl}`)
  return token
}

/** Decimal text to atomic units at `decimals`, to compare ledger sums exactly. */
export function atomic(text: string, decimals: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  assert.ok(m, `not a plain decimal: ${text}`)
  const frac = (m[3] ?? '').padEnd(decimals, '0')
  assert.equal(frac.length, decimals, `${text} has more than ${decimals} decimals`)
  const v = BigInt((m[2] ?? '0') + frac)
  return m[1] === '-' ? -v : v
}
