import { AppError } from './app-error.js'

/** The network's node could not be reached or did not answer in time; retried later. */
export class ChainUnavailableError extends AppError {
  override readonly code = 'CHAIN_UNAVAILABLE'
  constructor(network: string, reason: string, cause?: unknown) {
    super(`The ${network} node is unavailable: ${reason}.`, { details: { network }, cause })
  }
}

/** The node answered with an error (a refused transaction, a bad request). */
export class ChainRpcError extends AppError {
  override readonly code = 'CHAIN_RPC_ERROR'
  constructor(network: string, method: string, reason: string, cause?: unknown) {
    super(`${network}: ${method} failed: ${reason}`, { details: { network, method }, cause })
  }
}
