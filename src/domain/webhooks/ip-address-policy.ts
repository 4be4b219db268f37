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
  // NAT64 local-use prefix (RFC 8215): the IPv4 address sits where the operator's prefix length
  // puts it (RFC 6052 §2.2), which cannot be known from outside, and the range is not globally
  // reachable: refused whole.
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard-only
  ['2001:2::', 48], // benchmarking
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
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
  const groups = ipv6Groups(ip)
  if (groups === undefined) return false
  if (NON_PUBLIC.check(groups.map((g) => g.toString(16)).join(':'), 'ipv6')) return false
  // An address that carries an IPv4 address reaches that IPv4 host (through a translator, a
  // relay or a tunnel): judge the host too, or [2002:7f00:1::] would reach 127.0.0.1 as "IPv6".
  return embeddedIpv4(groups).every((v4) => !NON_PUBLIC.check(v4, 'ipv4'))
}

/**
 * The IPv4 addresses an IPv6 address embeds, by the forms that route to them:
 * - IPv4-mapped `::ffff:a.b.c.d` and IPv4-translated `::ffff:0:a.b.c.d` (RFC 4291, RFC 2765);
 * - IPv4-compatible `::a.b.c.d` (deprecated by RFC 4291, still parsed by stacks);
 * - NAT64 well-known prefix `64:ff9b::a.b.c.d` (RFC 6052);
 * - 6to4 `2002:aabb:ccdd::/48` (RFC 3056): the IPv4 address is bits 16–47;
 * - Teredo `2001:0::/32` (RFC 4380): the server's IPv4 address in bits 32–63 and the client's,
 *   each bit inverted, in the last 32 bits; both are judged.
 * - ISATAP interface identifiers `…:0:5efe:a.b.c.d` / `…:200:5efe:a.b.c.d` (RFC 5214).
 * @internal exported for tests
 */
export function embeddedIpv4(g: readonly number[]): string[] {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  const last = v4(g[6]!, g[7]!)
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return [last] // mapped, compatible
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return [last] // translated
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return [last] // NAT64
  if (g[0] === 0x2002) return [v4(g[1]!, g[2]!)] // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return [v4(g[2]!, g[3]!), v4(g[6]! ^ 0xffff, g[7]! ^ 0xffff)] // Teredo
  if ((g[4] === 0 || g[4] === 0x200) && g[5] === 0x5efe) return [last] // ISATAP
  return []
}

/**
 * The eight 16-bit groups of an IPv6 address in any of its spellings (`::` anywhere, a dotted
 * IPv4 tail, leading zeros, upper case, a `%zone`); undefined if it is not one.
 * @internal exported for tests
 */
export function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase().replace(/%.*$/, '')
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const b = dotted.slice(1).map(Number)
    if (b.some((x) => x > 255)) return undefined
    text = `${text.slice(0, dotted.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : Number.NaN))
  const head = parse(halves[0]!)
  const tail = halves.length === 2 ? parse(halves[1]!) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail]
  return groups.some(Number.isNaN) ? undefined : groups
}
