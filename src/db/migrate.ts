import { Migrator } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely'
import type { DatabaseHandle, DialectInfo } from './dialect.js'
import { initialMigration } from './migrations/001-initial.js'
import { webhooksMigration } from './migrations/002-webhooks.js'
import { pagesMigration } from './migrations/003-pages.js'
import { evmMigration } from './migrations/004-evm.js'
import { swapMigration } from './migrations/005-swap.js'
import { dashboardMigration } from './migrations/006-dashboard.js'
import { swapPayoutTagsMigration } from './migrations/007-swap-payout-tags.js'
import { utxoMigration } from './migrations/008-utxo.js'
import { storeConfirmationsMigration } from './migrations/009-store-confirmations.js'
import { refundsMigration } from './migrations/010-refunds.js'
import { paymentLinksMigration } from './migrations/011-payment-links.js'
import { checkoutTrustMigration } from './migrations/012-checkout-trust.js'
import { paymentResolutionMigration } from './migrations/013-payment-resolution.js'
import { paymentRateMigration } from './migrations/014-payment-rate.js'
import { rateLimitsMigration } from './migrations/015-rate-limits.js'
import { signatureReplayMigration } from './migrations/016-signature-replay.js'
import { retentionMigration } from './migrations/017-retention.js'
import { signatureOrderMigration } from './migrations/018-signature-order.js'
import { amountSlotWidthMigration } from './migrations/019-amount-slot-width.js'
import { sharedAddressIndexMigration } from './migrations/020-shared-address-index.js'
import { signaturePurgeByKeyMigration } from './migrations/021-signature-purge-by-key.js'

/** One ordered list for both dialects; each migration is told which dialect it writes for. @internal (tests migrate part way) */
export function migrationsFor(d: DialectInfo): Record<string, Migration> {
  return {
    '001-initial': initialMigration(d),
    '002-webhooks': webhooksMigration(d),
    '003-pages': pagesMigration(d),
    '004-evm': evmMigration(d),
    '005-swap': swapMigration(d),
    '006-dashboard': dashboardMigration(d),
    '007-swap-payout-tags': swapPayoutTagsMigration(d),
    '008-utxo': utxoMigration(d),
    '009-store-confirmations': storeConfirmationsMigration(d),
    '010-refunds': refundsMigration(d),
    '011-payment-links': paymentLinksMigration(d),
    '012-checkout-trust': checkoutTrustMigration(d),
    '013-payment-resolution': paymentResolutionMigration(d),
    '014-payment-rate': paymentRateMigration(d),
    '015-rate-limits': rateLimitsMigration(d),
    '016-signature-replay': signatureReplayMigration(d),
    '017-retention': retentionMigration(),
    '018-signature-order': signatureOrderMigration(d),
    '019-amount-slot-width': amountSlotWidthMigration(d),
    '020-shared-address-index': sharedAddressIndexMigration(),
    '021-signature-purge-by-key': signaturePurgeByKeyMigration(),
  }
}

class StaticProvider implements MigrationProvider {
  readonly #migrations: Record<string, Migration>
  constructor(migrations: Record<string, Migration>) {
    this.#migrations = migrations
  }
  async getMigrations() {
    return this.#migrations
  }
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new StaticProvider(migrationsFor(handle.dialect)),
    migrationTableName: 'kassa_migrations',
    migrationLockTableName: 'kassa_migrations_lock',
    // Migrations were written on parallel branches (002 landed after 003 and 004) and touch
    // separate tables, so a database that has 003 and 004 may take 002 afterwards.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
