import { createHmac } from 'node:crypto'
import { AccountSessions } from '../services/accounts/account-sessions.js'
import { OperatorSettings } from '../services/dashboard/operator-settings.js'
import { PartnerKeys } from '../services/dashboard/partner-keys.js'
import type { SwapAccounts } from '../services/swap/swap-accounts.js'
import type { WiringBase } from './wiring-base.js'

export interface DashboardWiring {
  /** The operator's switches (sign-up, default commission); stores read the commission too. */
  operatorSettings: OperatorSettings
  /** Dashboard people, their sign-ins and sessions. */
  accountSessions: AccountSessions
  /** Signs the dashboard's CSRF tokens: derived from the master key, so it survives restarts. */
  dashboardCsrfKey: Buffer
  /** A partner's own Swap API keys, from the partner page. */
  partnerKeys: PartnerKeys
}

/** The dashboard's services: people and sessions, the operator's settings, partner keys. */
export function wireDashboard(base: WiringBase, masterKey: Buffer, swapAccounts: SwapAccounts): DashboardWiring {
  const operatorSettings = new OperatorSettings(base.repos, base.now)
  const accountSessions = new AccountSessions(base.repos, base.box, base.now, operatorSettings)
  const dashboardCsrfKey = createHmac('sha256', masterKey).update('kassa dashboard csrf v1').digest()
  const partnerKeys = new PartnerKeys(base.repos, swapAccounts)
  return { operatorSettings, accountSessions, dashboardCsrfKey, partnerKeys }
}
