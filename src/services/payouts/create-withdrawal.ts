import { uuidV7 } from '../../db/uuid-v7.js'
import { LedgerRepository } from '../../db/repositories/ledger-repository.js'
import type { PayoutsTable } from '../../db/schema.js'
import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import { withdrawalReserveLines } from '../../domain/ledger/withdrawal-posting.js'
import { parseCryptoAmount } from '../../domain/payments/payment-request.js'
import type { Store } from '../../domain/stores/store.js'
import {
  AddressInvalidError, PayoutNotSupportedError, RequestInvalidError, WithdrawalExceedsBalanceError,
} from '../../errors/index.js'
import { currencyInfo, formatAmount, isCurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'

export interface CreateWithdrawalParams {
  currency: string
  /** Decimal text, e.g. "0.25". */
  amount: string
  to: string
}

export type PayoutRow = PayoutsTable

/**
 * A merchant withdrawal: validated, reserved from the store's available balance and written
 * as a queued payout in one transaction. The payout engine signs and sends it afterwards;
 * nothing reaches the network from here. Any refusal leaves no trace: no payout, no ledger entry.
 */
export async function createWithdrawal(deps: PaymentEngineDeps, store: Store, p: CreateWithdrawalParams): Promise<PayoutRow> {
  if (typeof p.currency !== 'string' || !isCurrencyCode(p.currency)) {
    throw new RequestInvalidError(`currency must be one of Kassa's currency codes (USDT_ERC20, ETH, …).`)
  }
  const currency = p.currency
  if (typeof p.amount !== 'string') throw new RequestInvalidError('amount must be a decimal string such as "0.25".')
  if (typeof p.to !== 'string' || p.to.length === 0 || p.to.length > 200) throw new RequestInvalidError('to must be an address.')
  const adapter = deps.chains.forCurrency(store.mode, currency)
  if (!adapter) throw new PayoutNotSupportedError(currency, `no ${store.mode} network serves it`)
  // A test store withdraws on its simulated network (the simulated hot wallet sends test money),
  // so the dashboard's withdrawal can be tried end to end before going live; a live store can
  // only ever reach real networks (forCurrency above), so test money never meets real money.
  if (!adapter.capabilities.supportsSend || !adapter.send) {
    throw new PayoutNotSupportedError(currency, `${adapter.network} has no hot wallet configured`)
  }
  if (!adapter.receive.validateAddress(p.to)) {
    throw new AddressInvalidError(p.to, adapter.network, 'is not a valid address (or its checksum is wrong)')
  }
  const amount = parseCryptoAmount('amount', p.amount, currency)
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const ledger = new LedgerRepository(trx, deps.dialect)
    const available = await ledger.lockedBalance(ledgerAccount.available(store.id), currency)
    if (amount > available) {
      const d = currencyInfo(currency).decimals
      throw new WithdrawalExceedsBalanceError(formatAmount(amount, d), formatAmount(available, d), currency)
    }
    const row: PayoutRow = {
      id: uuidV7(now),
      kind: 'withdrawal',
      network: adapter.network,
      currency,
      store_id: store.id,
      payment_id: null,
      from_index: null,
      from_address: null,
      to_address: p.to,
      amount: amount.toString(),
      status: 'queued',
      nonce: null,
      signed_tx: null,
      tx_hash: null,
      max_fee: null,
      block_height: null,
      confirmations: 0,
      failure_reason: null,
      memo: null,
      replaces_id: null,
      created_at: now,
      updated_at: now,
    }
    await trx.insertInto('payouts').values(row).execute()
    await ledger.post({ currency, storeId: store.id, paymentId: null, lines: withdrawalReserveLines(store.id, amount), now })
    return row
  })
}
