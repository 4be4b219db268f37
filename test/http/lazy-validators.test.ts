import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import type { FastifyServerOptions } from 'fastify'
import { lazyAjvValidators } from '../../src/http/plugins/lazy-validators.js'

// http/plugins/lazy-validators.ts: Fastify's Ajv validators, compiled at a route's first request.

const ajv = { customOptions: { coerceTypes: false as const, removeAdditional: false as const, allErrors: false } }
const body = { type: 'object', required: ['a'], properties: { a: { type: 'string' }, n: { type: 'integer', default: 7 } } }
const headers = { type: 'object', properties: { 'x-api-key': { type: 'string', minLength: 3 } } }

async function app(lazy: boolean, schema: Record<string, unknown> = { body, headers }) {
  const opts: FastifyServerOptions = { ajv }
  if (lazy) opts.schemaController = { compilersFactory: { buildValidator: lazyAjvValidators() } }
  const a = Fastify(opts)
  a.post('/x', { schema }, async (req) => ({ got: req.body }))
  await a.ready()
  return a
}

describe('lazy Ajv validators', () => {
  test('answer every request as Fastify’s own compiler does', async () => {
    const eager = await app(false)
    const lazy = await app(true)
    const cases = [
      { payload: { a: 'x' }, headers: { 'x-api-key': 'key' } },
      { payload: { a: 1 }, headers: { 'x-api-key': 'key' } },
      { payload: {}, headers: { 'x-api-key': 'key' } },
      { payload: { a: 'x' }, headers: { 'x-api-key': 'k' } },
      { payload: { a: 'x', n: 1.5 }, headers: {} },
    ]
    for (const c of cases) {
      const want = await eager.inject({ method: 'POST', url: '/x', ...c })
      const got = await lazy.inject({ method: 'POST', url: '/x', ...c })
      assert.equal(got.statusCode, want.statusCode, JSON.stringify(c))
      assert.equal(got.body, want.body, JSON.stringify(c))
    }
    // Defaults are applied to the request's body as before (Ajv's useDefaults).
    assert.deepEqual((await lazy.inject({ method: 'POST', url: '/x', payload: { a: 'x' } })).json(), { got: { a: 'x', n: 7 } })
    assert.equal((await lazy.inject({ method: 'POST', url: '/x', payload: {} })).statusCode, 400)
    await Promise.all([eager.close(), lazy.close()])
  })

  test('compile at the first request, not at start', async () => {
    // A schema Ajv cannot compile: eagerly it stops the start; lazily the start succeeds.
    const broken = { body: { $ref: 'nowhere#' } }
    await assert.rejects(app(false, broken))
    const lazy = await app(true, broken)
    assert.equal((await lazy.inject({ method: 'POST', url: '/x', payload: {} })).statusCode, 500)
    await lazy.close()
  })

  test('refuse a header schema that names a header in upper case, at start', async () => {
    await assert.rejects(
      app(true, { headers: { type: 'object', properties: { 'X-Api-Key': { type: 'string' } } } }),
      /lower case \(X-Api-Key\)/,
    )
    await assert.rejects(app(true, { headers: { type: 'object', required: ['X-Api-Key'] } }), /lower case/)
  })
})
