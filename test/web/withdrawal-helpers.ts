import assert from 'node:assert/strict'
import type { DashboardClient } from '../support/dashboard.js'

export type WithdrawalFields = { currency: string; amount: string; to: string }

/**
 * The review step over HTTP: posts the withdrawal form to `confirm` and returns the confirmation
 * page with the fields its confirm form carries (the values as typed and the one-use token).
 */
export async function reviewWithdrawal(
  client: DashboardClient,
  storeId: string,
  fields: WithdrawalFields,
): Promise<{ status: number; html: string; confirm: Record<string, string> }> {
  const r = await client.post(`/dashboard/stores/${storeId}/withdrawals/confirm`, fields, {
    formPage: `/dashboard/stores/${storeId}/withdrawals`,
  })
  const form = /<form method="post" action="\/dashboard\/stores\/[^"]+\/withdrawals">([\s\S]*?)<\/form>/.exec(r.html)?.[1] ?? ''
  const confirm: Record<string, string> = {}
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] !== '_csrf') confirm[m[1]!] = decodeEntities(m[2]!)
  }
  return { status: r.status, html: r.html, confirm }
}

/** Review, then confirm: the path a person takes with no second factor. */
export async function withdrawInTwoSteps(
  client: DashboardClient,
  storeId: string,
  fields: WithdrawalFields,
  extra: Record<string, string> = {},
) {
  const review = await reviewWithdrawal(client, storeId, fields)
  assert.equal(review.status, 200, review.html.slice(0, 400))
  assert.ok(review.confirm.confirmation, 'the confirmation carries a one-use token')
  return client.post(`/dashboard/stores/${storeId}/withdrawals`, { ...review.confirm, ...extra })
}

function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
}
