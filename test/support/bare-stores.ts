import type { RepositoryContext } from '../../src/db/repositories/repository-context.js'
import { StoreRepository } from '../../src/db/repositories/store-repository.js'

/**
 * Stores as rows only (no keys worth signing with, no currencies), for repository tests that
 * need `stores` rows behind their foreign keys. One account, made with the first store.
 */
export async function insertBareStores(ctx: RepositoryContext, ids: readonly string[]): Promise<void> {
  const stores = new StoreRepository(ctx)
  if (!(await stores.accountExists('acct'))) await stores.insertAccount('acct', 'owner', 1)
  for (const id of ids) {
    await stores.insert({
      id,
      accountId: 'acct',
      name: id,
      apiKey: `key-${id}`,
      apiSecretSealed: 'sealed',
      webhookSecretSealed: 'sealed',
      mode: 'test',
      currencies: [],
      expiryMinutes: 30,
      commissionBp: 0,
      underpayToleranceBp: 0,
      confirmations: {},
      now: 1,
    })
  }
}
