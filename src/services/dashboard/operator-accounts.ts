import type { Repositories } from '../../db/repositories/repositories.js'

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
 * Every account with its people and stores, for the operator. Four reads, joined in memory:
 * an install has hundreds of accounts, not millions, and the page shows them all.
 */
export async function listAccounts(repos: Repositories): Promise<OperatorAccountView[]> {
  const [accounts, users, stores, swap] = await Promise.all([
    repos.stores.listAccounts(),
    repos.users.listByEmail(),
    repos.stores.list(),
    repos.swapCredentials.enabledByAccount(),
  ])
  const byAccount = new Map<string, OperatorAccountView>(
    accounts.map((a) => [
      a.id,
      {
        id: a.id,
        name: a.name,
        createdAt: a.createdAt,
        people: [],
        stores: [],
        swapEnabled: swap.get(a.id) ?? null,
      },
    ]),
  )
  for (const u of users)
    byAccount.get(u.accountId)?.people.push({ email: u.email, isOperator: u.isOperator, totpEnabled: u.totpSecretSealed !== null })
  for (const s of stores)
    byAccount.get(s.accountId)?.stores.push({ id: s.id, name: s.name, mode: s.mode, enabled: s.enabled, commissionBp: s.commissionBp })
  return [...byAccount.values()]
}
