import assert from 'node:assert/strict'
import { test } from 'node:test'
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH, metadataJson } from './metadata-limits.js'

const nest = (levels: number) => {
  let v: Record<string, unknown> = {}
  for (let i = 1; i < levels; i++) v = { a: v }
  return v
}

test('metadata: 32 levels and 16 KiB as JSON are the most it may hold', () => {
  assert.deepEqual(metadataJson(nest(METADATA_MAX_DEPTH)), { json: JSON.stringify(nest(METADATA_MAX_DEPTH)) })
  assert.deepEqual(metadataJson(nest(METADATA_MAX_DEPTH + 1)), { problem: 'metadata is nested more than 32 levels deep.' })
  const fits = { pad: 'x'.repeat(METADATA_MAX_BYTES - '{"pad":""}'.length) }
  assert.ok('json' in metadataJson(fits))
  // Bytes, not characters: "é" is two bytes of UTF-8.
  assert.deepEqual(metadataJson({ pad: fits.pad.slice(1) + 'é' }), { problem: 'metadata must be at most 16 KiB as JSON.' })
  assert.deepEqual(metadataJson({ cart: [{ sku: 'A\u0000' }] }), { problem: 'metadata.cart[0].sku must not contain control characters.' })
})
