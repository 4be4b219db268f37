import { BlockList, isIP } from 'node:net'

/**
 * Which IP addresses a webhook may be sent to (SSRF protection). By default only public unicast
 * addresses: a merchant-supplied URL must not reach Kassa's own host, its private network or
 * cloud metadata endpoints (169.254.169.254). Ranges from the IANA special-purpose registries
 * (RFC 6890, https://www.iana.org/assignments/iana-ipv4-special-registry and the IPv6 one).
 * The URL's shape is checked apart, in webhook-url.ts.
 */
const NON_PUBLIC = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6')

/** True for an address a webhook may reach without the private-network allowance. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return !NON_PUBLIC.check(ip, 'ipv4')
  if (family !== 6) return false
  const embedded = embeddedIpv4(ip)
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach an IPv4 host:
  // judge that host, or ::ffff:127.0.0.1 would slip through as "IPv6".
  if (embedded !== undefined) return isPublicAddress(embedded)
  return !NON_PUBLIC.check(ip, 'ipv6')
}

function embeddedIpv4(ip: string): string | undefined {
  const lower = ip.toLowerCase()
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower)
  if (!m) return undefined
  if (m[1]) return m[1]
  const hi = parseInt(m[2]!, 16)
  const lo = parseInt(m[3]!, 16)
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}
