import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CATALOGUES, LANGS, chooseLang, translator } from './locale.js'
import { en } from './messages/en.js'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

test('the eight languages of the seed, one catalogue each', () => {
  assert.deepEqual(LANGS, ['en', 'ru', 'zh', 'es', 'de', 'fr', 'pt', 'ja'])
})

test('every catalogue has every key of the English one, no other, none empty, the same placeholders', () => {
  const keys = Object.keys(en).sort()
  for (const lang of LANGS) {
    const m = CATALOGUES[lang] as Record<string, string>
    assert.deepEqual(Object.keys(m).sort(), keys, `${lang}: keys differ from en`)
    for (const k of keys) {
      assert.ok(m[k]!.trim().length > 0, `${lang}.${k} is empty`)
      assert.deepEqual(placeholders(m[k]!), placeholders(en[k as keyof typeof en]), `${lang}.${k}: placeholders differ`)
    }
  }
})

test('translations are translations: no catalogue but English repeats most English texts', () => {
  for (const lang of LANGS.filter((l) => l !== 'en')) {
    const m = CATALOGUES[lang] as Record<string, string>
    const same = Object.keys(en).filter((k) => k !== 'status_label' && m[k] === en[k as keyof typeof en] && /[a-z]{4}/.test(m[k]!))
    assert.ok(same.length <= 3, `${lang} repeats English: ${same.join(', ')}`)
  }
})

test('language choice: ?lang, then the cookie, then Accept-Language by q-value, else English', () => {
  assert.equal(chooseLang('ja', 'de', 'fr'), 'ja')
  assert.equal(chooseLang('xx', 'de', 'fr'), 'de')
  assert.equal(chooseLang(undefined, undefined, 'pt-BR,pt;q=0.9,en;q=0.8'), 'pt')
  assert.equal(chooseLang(undefined, undefined, 'nl;q=1, zh-CN;q=0.5, ru;q=0.7'), 'ru')
  assert.equal(chooseLang(undefined, undefined, 'nl, sv'), 'en')
  assert.equal(chooseLang(undefined, undefined, undefined), 'en')
  assert.equal(chooseLang(undefined, undefined, 'de;q=0, es'), 'es')
})

test('placeholders are filled; a missing value leaves the placeholder visible', () => {
  const t = translator('de')
  assert.equal(t('pay_title', { amount: '1.5', currency: 'BTC' }), '1.5 BTC bezahlen')
  assert.equal(t('order'), 'Bestellung {id}')
})
