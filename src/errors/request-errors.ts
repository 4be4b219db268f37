import { AppError } from './app-error.js'

export class RequestInvalidError extends AppError {
  override readonly code = 'REQUEST_INVALID'
}

export class RequestNotJsonError extends AppError {
  override readonly code = 'REQUEST_NOT_JSON'
  constructor(cause?: unknown) {
    super('Request body is not valid JSON.', { cause })
  }
}

export class RequestBodyTooLargeError extends AppError {
  override readonly code = 'REQUEST_BODY_TOO_LARGE'
  constructor(limitBytes: number) {
    super(`Request body is larger than ${limitBytes / 1024} KiB.`, { details: { limitBytes } })
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly code = 'REQUEST_UNSUPPORTED_MEDIA_TYPE'
  constructor() {
    super('Content-Type must be application/json.')
  }
}

export class RouteNotFoundError extends AppError {
  override readonly code = 'ROUTE_NOT_FOUND'
  constructor(method: string, url: string) {
    super(`No route ${method} ${url.split('?')[0]}.`)
  }
}

export class RateLimitedError extends AppError {
  override readonly code = 'RATE_LIMITED'
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s.`, { details: { retryAfterSeconds } })
  }
}
