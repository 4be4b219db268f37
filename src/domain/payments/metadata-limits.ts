import { untrustedInputProblem } from '../../serialization/untrusted-input.js'

/**
 * How much a payment's `metadata` may hold. The seed says only "a JSON object"; the object is
 * stored with the payment and sent back in every status answer, list page and webhook, so an
 * unbounded one would make each of those slow or, nested deep enough, impossible to serialise.
 * 32 levels and 16 KiB are far above what an order reference, a cart or a customer id needs.
 */
export const METADATA_MAX_DEPTH = 32
export const METADATA_MAX_BYTES = 16 * 1024

/** The object's JSON to store, or why it cannot be stored. */
export function metadataJson(metadata: Record<string, unknown>): { problem: string } | { json: string } {
  const shape = untrustedInputProblem(metadata, 'metadata.', METADATA_MAX_DEPTH)
  if (shape !== undefined) {
    return { problem: /nested more than/.test(shape) ? `metadata is nested more than ${METADATA_MAX_DEPTH} levels deep.` : shape }
  }
  const json = JSON.stringify(metadata)
  if (new TextEncoder().encode(json).length > METADATA_MAX_BYTES) {
    return { problem: `metadata must be at most ${METADATA_MAX_BYTES / 1024} KiB as JSON.` }
  }
  return { json }
}
