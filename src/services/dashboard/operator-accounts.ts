import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'

export interface OperatorAccountView {
  id: string
  name: string
  createdAt: number
  people: { email: string; isOperator: boolean; totpEnabled: boolean }[]
  stores: { id: string; name: string; mode: 'test' | 'live'; enabled: boolean; commissionBp: number }[]
  /** The account has Swap API keys (created from its partner page or `kassa account create`). */
  swapEnabled: boolean | null
}

/**
 * Every account with its people and stores, for the operator. Three reads, joined in memory:
 * an install has hundreds of accounts, not millions, and the page shows them all.
 */
export async function listAccounts(db: Kysely<Database>): Promise<OperatorAccountView[]> {
  const [accounts, users, stores, swap] = await Promise.all([
    db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('users').select(['account_id', 'email', 'is_operator', 'totp_secret_enc']).orderBy('email').execute(),
    db.selectFrom('stores').select(['id', 'account_id', 'name', 'mode', 'enabled', 'commission_bp']).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('swap_credentials').select(['account_id', 'enabled']).execute(),
  ])
  const byAccount = new Map<string, OperatorAccountView>(accounts.map((a) => [a.id, {
    id: a.id, name: a.name, createdAt: Number(a.created_at), people: [], stores: [], swapEnabled: null,
  }]))
  for (const u of users) byAccount.get(u.account_id)?.people.push({ email: u.email, isOperator: u.is_operator === 1, totpEnabled: u.totp_secret_enc !== null })
  for (const s of stores) byAccount.get(s.account_id)?.stores.push({ id: s.id, name: s.name, mode: s.mode, enabled: s.enabled === 1, commissionBp: s.commission_bp })
  for (const c of swap) {
    const a = byAccount.get(c.account_id)
    if (a) a.swapEnabled = c.enabled === 1
  }
  return [...byAccount.values()]
}
