import type { Repositories } from '../../db/repositories/repositories.js'
import { STORE_DEFAULTS } from '../../domain/stores/store.js'
import { DashboardFormError } from '../../errors/index.js'

export interface OperatorSettingsValues {
  /** Whether anyone may sign up; the first sign-up of an install is always allowed (it makes the operator). */
  signupOpen: boolean
  /** Commission on new stores, in basis points (100 = 1 %). */
  defaultCommissionBp: number
}

const DEFAULTS: OperatorSettingsValues = { signupOpen: true, defaultCommissionBp: STORE_DEFAULTS.commissionBp }

/** The operator's switches, kept in the database so the dashboard can change them without a restart. */
export class OperatorSettings {
  readonly #repos: Repositories
  readonly #now: () => number

  constructor(repos: Repositories, now: () => number) {
    this.#repos = repos
    this.#now = now
  }

  async get(): Promise<OperatorSettingsValues> {
    const all = await this.#repos.operatorSettings.all()
    const signup = all.get('signup_open')
    const commission = all.get('default_commission_bp')
    return {
      signupOpen: signup === undefined ? DEFAULTS.signupOpen : signup === '1',
      defaultCommissionBp: commission === undefined ? DEFAULTS.defaultCommissionBp : Number(commission),
    }
  }

  async update(patch: Partial<OperatorSettingsValues>): Promise<OperatorSettingsValues> {
    const repo = this.#repos.operatorSettings
    const now = this.#now()
    if (patch.defaultCommissionBp !== undefined) {
      const bp = patch.defaultCommissionBp
      if (!Number.isInteger(bp) || bp < 0 || bp > 5000)
        throw new DashboardFormError('The default commission must be 0 to 50 %, in steps of 0.01 %.', 'default_commission')
      await repo.set('default_commission_bp', String(bp), now)
    }
    if (patch.signupOpen !== undefined) await repo.set('signup_open', patch.signupOpen ? '1' : '0', now)
    return this.get()
  }
}
