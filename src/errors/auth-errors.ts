import { AppError } from './app-error.js'

// 401 says "we don't know who you are" (no headers, stale clock, unknown key); 403 says "we
// know the key, and this request is not allowed" (bad signature, disabled store): DESIGN.md.

export class AuthHeadersMissingError extends AppError {
  override readonly code = 'AUTH_HEADERS_MISSING'
  constructor(missing: string[]) {
    super(`Missing authentication header: ${missing.join(', ')}.`, { details: { missing } })
  }
}

export class AuthTimestampInvalidError extends AppError {
  override readonly code = 'AUTH_TIMESTAMP_INVALID'
}

export class AuthKeyUnknownError extends AppError {
  override readonly code = 'AUTH_KEY_UNKNOWN'
  constructor() {
    super('Unknown API key.')
  }
}

export class AuthSignatureInvalidError extends AppError {
  override readonly code = 'AUTH_SIGNATURE_INVALID'
  constructor() {
    super('Invalid signature.')
  }
}

export class StoreDisabledError extends AppError {
  override readonly code = 'STORE_DISABLED'
  constructor() {
    super('This store is disabled.')
  }
}
