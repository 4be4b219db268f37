import fc from 'fast-check'
import { hostileValue } from './hostile-values.js'
import type { JsonSchema } from './route-inventory.js'

/**
 * Near-valid values for a field by its name (ids of the fixtures, currencies, amounts, swap
 * fields): what lets a request get past validation into the code behind it. Undefined for a
 * name it knows nothing about; the schema then decides.
 */
export interface Vocabulary {
  /** Field names it knows: the keys of free-form objects (the Swap API's bodies, forms). */
  names: readonly string[]
  valueFor(name: string): fc.Arbitrary<unknown> | undefined
}

/**
 * A JSON schema (as the route declares it and the OpenAPI document shows it) turned into
 * values: mostly near-valid, so requests reach the handler, with one field in eight hostile
 * and whole bodies sometimes replaced (hostile-values.ts).
 */
export function schemaValue(schema: JsonSchema | undefined, name: string, vocab: Vocabulary, depth = 0): fc.Arbitrary<unknown> {
  const near = nearValid(schema, name, vocab, depth)
  return fc.oneof({ arbitrary: near, weight: 8 }, { arbitrary: hostileValue, weight: 1 })
}

function nearValid(schema: JsonSchema | undefined, name: string, vocab: Vocabulary, depth: number): fc.Arbitrary<unknown> {
  const known = vocab.valueFor(name)
  const bySchema = fromSchema(schema ?? {}, name, vocab, depth)
  return known ? fc.oneof({ arbitrary: known, weight: 3 }, { arbitrary: bySchema, weight: 1 }) : bySchema
}

function fromSchema(s: JsonSchema, name: string, vocab: Vocabulary, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, name, vocab, depth)))
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  switch (type) {
    case 'string': {
      if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 1e9))
      const minLength = s.minLength ?? 0
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 24, 24)) })
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 })
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true }))
    case 'boolean':
      return fc.boolean()
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(schemaValue(s.items, name, vocab, depth + 1), { maxLength: 3 })
    case 'object':
      return depth > 3 ? fc.constant({}) : objectValue(s, vocab, depth)
    default:
      return fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean())
  }
}

/**
 * Required properties always, optional ones now and then; a free-form object (no properties:
 * the Swap API's bodies, metadata) draws its keys from the vocabulary's names.
 */
function objectValue(s: JsonSchema, vocab: Vocabulary, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>
  const names = Object.keys(props)
  if (names.length === 0) return freeFormObject(vocab, depth)
  const record: Record<string, fc.Arbitrary<unknown>> = {}
  for (const n of names) record[n] = schemaValue(props[n], n, vocab, depth + 1)
  const requiredKeys = ((s.required ?? []) as string[]).filter((k) => names.includes(k))
  return fc.record(record, { requiredKeys })
}

function freeFormObject(vocab: Vocabulary, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keys = fc.oneof(
    { arbitrary: fc.constantFrom(...vocab.names, 'x'), weight: 6 },
    { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
  )
  return fc
    .uniqueArray(keys, { maxLength: 9 })
    .chain((ks) =>
      fc.tuple(...ks.map((k) => schemaValue(undefined, k, vocab, depth + 1))).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))),
    )
}

/** A whole body: near-valid most often, otherwise missing a field, carrying an unknown one, or not an object at all. */
export function bodyValue(schema: JsonSchema | undefined, vocab: Vocabulary): fc.Arbitrary<unknown> {
  const near = nearValid(schema ?? { type: 'object' }, '', vocab, 0)
  return fc.oneof(
    { arbitrary: near, weight: 10 },
    {
      arbitrary: fc.tuple(near, fc.nat()).map(([v, i]) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
        const keys = Object.keys(v)
        if (keys.length === 0) return v
        const { [keys[i % keys.length]!]: _dropped, ...rest } = v as Record<string, unknown>
        return rest
      }),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(near, fc.string({ maxLength: 12 }), hostileValue)
        .map(([v, k, x]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, [k || 'extra']: x } : v)),
      weight: 2,
    },
    { arbitrary: hostileValue, weight: 1 },
  )
}
