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

/**
 * A state-changing request whose exact signature was already accepted within the timestamp
 * window (docs/API.md "Replays"). 403 as the seed's 無効な署名: the key is known and the
 * signature right, but it is spent. A deliberate retry signs again with a new X-Timestamp.
 */
export class AuthSignatureReplayedError extends AppError {
  override readonly code = 'AUTH_SIGNATURE_REPLAYED'
  constructor() {
    super(
      'This signature was already used: a request that changes state is accepted once per signature. Sign a retry again with a new X-Timestamp; an Idempotency-Key makes the retry of a create return the first answer.',
    )
  }
}

export class StoreDisabledError extends AppError {
  override readonly code = 'STORE_DISABLED'
  constructor() {
    super('This store is disabled.')
  }
}
