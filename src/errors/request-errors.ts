import { AppError } from './app-error.js'

// REQUEST_BODY_TOO_LARGE and RATE_LIMITED have no class: Fastify's body limit and rate-limit
// plugin raise them, and http/error-envelope.ts maps those errors to the codes.

export class RequestInvalidError extends AppError {
  override readonly code = 'REQUEST_INVALID'
}

export class RequestNotJsonError extends AppError {
  override readonly code = 'REQUEST_NOT_JSON'
  constructor(cause?: unknown) {
    super('Request body is not valid JSON.', { cause })
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
