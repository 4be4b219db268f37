import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isPublicAddress } from './ip-address-policy.js'

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
