import { Agent, request } from 'node:http'

/**
 * The node's answer to a failed call, as the node words it: btcd answers HTTP 200 or 500 with
 * `{ error: { code, message } }` (Bitcoin Core always 500), so both are read the same way.
 */
export class BitcoinRpcError extends Error {
  readonly code: number
  readonly method: string
  constructor(method: string, code: number, message: string) {
    super(message)
    this.name = 'BitcoinRpcError'
    this.code = code
    this.method = method
  }
}

export interface JsonRpcClient {
  /** `timeoutMs`: the socket may stay silent this long before the call fails (default 60 s), so a node that never answers fails a test instead of hanging it. */
  call<T>(method: string, params?: unknown[], timeoutMs?: number): Promise<T>
  close(): void
}

/** JSON-RPC 1.0 over HTTP basic auth, one keep-alive agent per node (a chain replay is hundreds of calls). */
export function jsonRpcClient(url: string, user: string, password: string): JsonRpcClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  let id = 0
  return {
    call<T>(method: string, params: unknown[] = [], timeoutMs = 60_000): Promise<T> {
      const body = JSON.stringify({ jsonrpc: '1.0', id: ++id, method, params })
      return new Promise<T>((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              let parsed: { result?: T; error?: { code: number; message: string } | null }
              try {
                parsed = JSON.parse(text)
              } catch {
                reject(new Error(`${method}: HTTP ${res.statusCode} ${text.slice(0, 200)}`))
                return
              }
              if (parsed.error) reject(new BitcoinRpcError(method, parsed.error.code, parsed.error.message))
              else resolve(parsed.result as T)
            })
            res.on('error', reject)
          },
        )
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method}: no answer within ${timeoutMs} ms`)))
        req.on('error', reject)
        req.end(body)
      })
    },
    close: () => agent.destroy(),
  }
}
