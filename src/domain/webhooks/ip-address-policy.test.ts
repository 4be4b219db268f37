import assert from 'node:assert/strict'
import { test } from 'node:test'
import { embeddedIpv4, ipv6Groups, isPublicAddress } from './ip-address-policy.js'

test('loopback, private, link-local, ULA, CGNAT, multicast and reserved addresses are not public', () => {
  for (const ip of [
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '64:ff9b::a9fe:a9fe',
    '2001:db8::1',
    'not-an-ip',
  ])
    assert.equal(isPublicAddress(ip), false, ip)
})

test('public unicast addresses are', () => {
  for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    assert.equal(isPublicAddress(ip), true, ip)
  }
})

// Issue 16 defect 6: every IPv6 form that carries an IPv4 address is judged by that address.
// Teredo clients are the XOR of 0xffff…: 127.0.0.1 → 80ff:fffe, 10.0.0.1 → f5ff:fffe, 8.8.8.8 → f7f7:f7f7.
const EMBEDDED: [form: string, address: string, isPublic: boolean][] = [
  ['6to4', '2002:7f00:1::', false],
  ['6to4', '2002:7f00:0001:0000:0000:0000:0000:0001', false],
  ['6to4', '2002:a9fe:a9fe::1', false],
  ['6to4', '2002:c0a8:101::', false],
  ['6to4', '2002:808:808::1', true],
  ['Teredo client', '2001:0:4136:e378:8000:63bf:80ff:fffe', false],
  ['Teredo client', '2001::4136:e378:0:0:f5ff:fffe', false],
  ['Teredo server', '2001:0:7f00:1::f7f7:f7f7', false],
  ['Teredo', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', true],
  ['NAT64', '64:ff9b::7f00:1', false],
  ['NAT64', '64:ff9b::127.0.0.1', false],
  ['NAT64', '64:ff9b:0:0:0:0:a9fe:a9fe', false],
  ['NAT64', '64:ff9b::8.8.8.8', true],
  ['NAT64 local-use', '64:ff9b:1::808:808', false],
  ['IPv4-compatible', '::127.0.0.1', false],
  ['IPv4-compatible', '::7f00:1', false],
  ['IPv4-compatible', '::a00:1', false],
  ['IPv4-compatible', '0:0:0:0:0:0:a9fe:a9fe', false],
  ['IPv4-compatible', '::8.8.8.8', true],
  ['IPv4-mapped', '0:0:0:0:0:FFFF:7F00:1', false],
  ['IPv4-mapped', '::ffff:0a00:0001', false],
  ['IPv4-mapped', '::ffff:192.168.0.1', false],
  ['IPv4-mapped', '0000:0000:0000:0000:0000:ffff:8.8.8.8', true],
  ['IPv4-translated', '::ffff:0:127.0.0.1', false],
  ['IPv4-translated', '::ffff:0:808:808', true],
  ['ISATAP', '2606:4700::5efe:7f00:1', false],
  ['ISATAP', '2606:4700::200:5efe:a00:1', false],
  ['zone id', 'fe80::1%eth0', false],
  ['plain IPv6', '2606:4700:4700:0:0:0:0:1111', true],
]

for (const [form, address, expected] of EMBEDDED) {
  test(`${form} ${address} is ${expected ? '' : 'not '}public`, () => {
    assert.equal(isPublicAddress(address), expected)
  })
}

test('IPv6 spellings parse to the same eight groups, and malformed ones to none', () => {
  const loop = [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]
  for (const s of ['::ffff:127.0.0.1', '::FFFF:7f00:0001', '0:0:0:0:0:ffff:7f00:1', '0::ffff:127.0.0.1'])
    assert.deepEqual(ipv6Groups(s), loop, s)
  assert.deepEqual(ipv6Groups('2002:7f00:1::'), [0x2002, 0x7f00, 1, 0, 0, 0, 0, 0])
  for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '::ffff:1.2.3.256', '12345::', 'g::1']) {
    assert.equal(ipv6Groups(bad), undefined, bad)
  }
})

test('the embedded IPv4 addresses of each form', () => {
  const of = (ip: string) => embeddedIpv4(ipv6Groups(ip)!)
  assert.deepEqual(of('2002:7f00:1::'), ['127.0.0.1'])
  assert.deepEqual(of('2001:0:4136:e378:8000:63bf:80ff:fffe'), ['65.54.227.120', '127.0.0.1'])
  assert.deepEqual(of('64:ff9b::a9fe:a9fe'), ['169.254.169.254'])
  assert.deepEqual(of('2606:4700:4700::1111'), [])
})
