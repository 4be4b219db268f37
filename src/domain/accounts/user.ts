/** A person who signs in to the dashboard; each belongs to one account. */
export interface User {
  id: string
  accountId: string
  /** Lower-cased and trimmed: the sign-in name. */
  email: string
  passwordHash: string
  isOperator: boolean
  /** The TOTP secret, sealed; null while two-factor sign-in is off. */
  totpSecretSealed: string | null
  /** The last TOTP step accepted: a code is good once. */
  totpLastStep: number | null
  createdAt: number
  updatedAt: number
}

/** 'password' between a right password and the two-factor code; 'full' once signed in. */
export type SessionStage = 'password' | 'full'

/** A browser's sign-in. The cookie's token is never stored, only its hash. */
export interface Session {
  tokenHash: string
  userId: string
  stage: SessionStage
  createdAt: number
  expiresAt: number
}
