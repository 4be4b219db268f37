// Kassa pay widget: the seed's quick start (CryptoMerchant.init / CryptoMerchant.pay).
// Creates the payment through Kassa's public endpoint (store API key + this page's origin,
// which the store must allow) and opens the payment page in an iframe overlay. Messages from
// the frame are accepted only from Kassa's origin and from that frame.
;(function () {
  'use strict'
  if (window.CryptoMerchant) return
  var script = document.currentScript
  var base = script && script.src ? new URL(script.src).origin : location.origin
  var apiKey = null
  var active = null

  function init(opts) {
    if (!opts || typeof opts.apiKey !== 'string' || !opts.apiKey) throw new Error('CryptoMerchant.init needs { apiKey }')
    apiKey = opts.apiKey
    if (opts.baseUrl) base = new URL(opts.baseUrl).origin
  }

  function call(fn, arg) {
    if (typeof fn === 'function')
      try {
        fn(arg)
      } catch (e) {
        setTimeout(function () {
          throw e
        })
      }
  }

  function fail(o, message, extra) {
    var err = new Error(message)
    if (extra) for (var k in extra) err[k] = extra[k]
    call(o.onError, err)
  }

  function pay(o) {
    o = o || {}
    if (!apiKey) return fail(o, 'Call CryptoMerchant.init({ apiKey: ... }) before CryptoMerchant.pay.')
    if (active) close()
    var body = { api_key: apiKey }
    ;['amount', 'fiat_amount', 'fiat_currency', 'order_id', 'metadata', 'redirect_url'].forEach(function (k) {
      if (o[k] !== undefined && o[k] !== null) body[k] = o[k]
    })
    fetch(base + '/pay/widget', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
      .then(function (r) {
        return r.json()
      })
      .then(function (j) {
        if (!j || !j.success) return fail(o, (j && j.error) || 'Payment could not be created.')
        open(j.data.payment_url, o)
      })
      .catch(function (e) {
        fail(o, 'Could not reach the payment server: ' + (e && e.message))
      })
  }

  function open(url, o) {
    // The frame must be on the origin this script came from (the message check relies on it),
    // whatever host name payment_url was built with.
    var given = new URL(url, base)
    var u = new URL(given.pathname + given.search, base)
    u.searchParams.set('embed', location.origin)
    var lang = (document.documentElement.lang || navigator.language || '').slice(0, 2).toLowerCase()
    if (lang) u.searchParams.set('lang', lang)
    var state = { o: o, done: false }
    state.view = kassaOverlay(u.toString(), 'Crypto payment', function () {
      window.removeEventListener('message', state.onMessage)
      if (active === state) active = null
      call(o.onClose)
    })
    var frame = state.view.frame
    active = state
    state.onMessage = function (e) {
      if (e.origin !== base || e.source !== frame.contentWindow) return
      var d = e.data
      if (!d || d.source !== 'kassa' || !d.payment) return
      if (d.type === 'success' && !state.done) {
        state.done = true
        call(o.onSuccess, d.payment)
      } else if (d.type === 'ended' && !state.done) {
        state.done = true
        fail(o, 'Payment ' + d.payment.status + '.', { payment: d.payment })
      }
    }
    window.addEventListener('message', state.onMessage)
    frame.addEventListener('load', function () {
      frame.contentWindow.postMessage({ source: 'kassa-widget', type: 'hello' }, base)
    })
  }

  function close() {
    if (active) active.view.close()
  }

  window.CryptoMerchant = { init: init, pay: pay, close: close }
})()
