import assert from 'node:assert/strict'
import { test } from 'node:test'
import { explorerTxLink } from './explorer-link.js'

test('the hash goes where {tx} stands; no template, no link', () => {
  assert.equal(explorerTxLink({ explorerTxUrl: 'https://etherscan.io/tx/{tx}' }, '0xab12'), 'https://etherscan.io/tx/0xab12')
  assert.equal(explorerTxLink({ explorerTxUrl: 'https://x.example/t/{tx}' }, 'a/b?c'), 'https://x.example/t/a%2Fb%3Fc')
  assert.equal(explorerTxLink({}, '0xab12'), null)
  assert.equal(explorerTxLink(undefined, '0xab12'), null)
})
