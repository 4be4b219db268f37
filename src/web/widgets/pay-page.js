// The payment page's script (inlined with a CSP nonce): countdown, copy buttons, live status
// over server-sent events with a polling fallback, test-mode buttons without a reload, and
// messages to the widget that framed the page (only to the origin the server checked).
;(function () {
  'use strict'
  var data = JSON.parse(document.getElementById('kassa-data').textContent)
  var m = data.msgs
  var skew = data.now - Date.now()
  var OPEN = { pending: 1, queued: 1, confirming: 1 }
  var last = data.payment
  var $ = function (id) {
    return document.getElementById(id)
  }
  var fill = function (text, vars) {
    return text.replace(/\{(\w+)\}/g, function (a, k) {
      return k in vars ? vars[k] : a
    })
  }

  function post(type, payment) {
    if (data.embedOrigin && window.parent !== window) {
      window.parent.postMessage({ source: 'kassa', type: type, payment: payment }, data.embedOrigin)
    }
  }

  function show(id, on) {
    var el = $(id)
    if (el) el.hidden = !on
  }

  var refreshing = null
  function refreshPayBox() {
    if (refreshing) return
    refreshing = fetch(location.href, { headers: { accept: 'text/html' } })
      .then(function (r) {
        return r.text()
      })
      .then(function (text) {
        // Only the pay box is parsed: the whole page's style element carries another response's
        // nonce, which this page's policy would report as a violation.
        var start = text.indexOf('<section id="pay-box"')
        var end = text.indexOf('</section>', start)
        if (start < 0 || end < 0) return
        var fresh = new DOMParser().parseFromString(text.slice(start, end + 10), 'text/html').getElementById('pay-box')
        var box = $('pay-box')
        if (fresh && box) {
          fresh.hidden = box.hidden
          box.replaceWith(document.importNode(fresh, true))
          render(last)
        }
      })
      .catch(function () {})
      .then(function () {
        refreshing = null
      })
  }

  function render(p) {
    // A queued payment has no amount yet: once it gets one, the server draws address and QR.
    if (last.status === 'queued' && p.status === 'pending') {
      location.reload()
      return
    }
    var changed = p.status !== last.status
    var prev = last
    last = p
    document.body.setAttribute('data-status', p.status)
    $('status-text').textContent = m['status_' + p.status] || p.status
    var sym = data.symbol || p.currency
    $('received').textContent = p.amount_received + ' ' + sym
    $('missing').textContent = p.amount_missing + ' ' + sym
    show('missing-row', p.amount_missing !== '0' && /^(confirming|underpaid|pending)$/.test(p.status) && p.amount_received !== '0')
    show('received-row', p.amount_received !== '0')
    var conf = $('conf-progress')
    conf.max = p.confirmations_required
    conf.value = Math.min(p.confirmations, p.confirmations_required)
    $('conf-text').textContent = fill(m.confirmations_of, {
      n: Math.min(p.confirmations, p.confirmations_required),
      required: p.confirmations_required,
    })
    show('conf-row', p.status === 'confirming' || (p.confirmations > 0 && !OPEN[p.status]))
    if (p.tx_hash) {
      $('tx').textContent = p.tx_hash
      show('tx-row', true)
    }
    // What to send now (public-payment.ts paymentAsk): the whole due, or after a part the rest;
    // on a shared address a part's rest cannot be matched, so the page explains instead.
    var open = p.status === 'pending' || p.status === 'confirming'
    var partial = open && p.amount_received !== '0' && p.amount_missing !== '0'
    var unmatchable = partial && data.sharedAddress && p.status === 'pending'
    var askable = open && p.amount_missing !== '0' && !(partial && data.sharedAddress)
    if (p.amount_due) $('due').textContent = partial ? p.amount_missing : p.amount_due
    $('due-label').textContent = partial ? m.send_rest : m.send_exactly
    if ($('sim-rest')) $('sim-rest').textContent = partial ? m.sim_rest : m.sim_full
    $('rest-note').textContent = unmatchable
      ? fill(m.partial_shared, { received: p.amount_received, due: p.amount_due, missing: p.amount_missing, currency: sym })
      : ''
    show('rest-note', unmatchable)
    show('pay-box', askable)
    show('sim-box', data.testMode && askable)
    // A final page says how it ended; a reorg can reopen it.
    var title = OPEN[p.status] ? m.title_open : m['final_' + p.status] || m.title_open
    $('title').textContent = title
    document.title = title
    // The QR code and wallet link are drawn by the server: after a part arrives (or a reorg
    // reopens the payment) take them for the rest from a fresh copy of this page.
    if (askable && (p.amount_received !== prev.amount_received || !prev.askable)) refreshPayBox()
    p.askable = askable
    show('timer-row', !!OPEN[p.status])
    show('done-box', p.status === 'completed' || p.status === 'overpaid')
    show('back-row', !OPEN[p.status])
    if (changed) post('status', p)
    if (p.status === 'completed' || p.status === 'overpaid') post('success', p)
    else if (!OPEN[p.status]) post('ended', p)
  }

  // Countdown to expires_at in the server's clock.
  function tick() {
    var left = Math.max(0, Date.parse(last.expires_at) - (Date.now() + skew))
    var s = Math.floor(left / 1000)
    var h = Math.floor(s / 3600)
    var mm = String(Math.floor(s / 60) % 60).padStart(2, '0')
    var ss = String(s % 60).padStart(2, '0')
    $('countdown').textContent = (h ? h + ':' : '') + mm + ':' + ss
    if (left === 0 && OPEN[last.status] && last.status !== 'confirming') poll()
  }

  var polling = null
  function stopPolling() {
    if (polling) clearInterval(polling)
    polling = null
    show('live-fallback', false)
  }
  function poll() {
    fetch('/pay/' + last.payment_id + '/status', { headers: { accept: 'application/json' } })
      .then(function (r) {
        return r.json()
      })
      .then(function (j) {
        if (j.success) render(j.data)
      })
      .catch(function () {})
  }
  function startPolling() {
    if (polling) return
    show('live-fallback', true)
    polling = setInterval(function () {
      if (OPEN[last.status]) poll()
      else clearInterval(polling)
    }, 3000)
  }

  if (OPEN[last.status]) {
    if (window.EventSource) {
      var es = new EventSource('/pay/' + last.payment_id + '/events')
      es.onmessage = function (e) {
        stopPolling()
        var p = JSON.parse(e.data)
        render(p)
        if (!OPEN[p.status]) es.close()
      }
      // The browser retries a dropped stream by itself; poll meanwhile (a proxy may never let
      // it through), and stop again once an event arrives.
      es.onerror = function () {
        if (OPEN[last.status]) {
          startPolling()
          poll()
        }
      }
    } else startPolling()
    setInterval(tick, 1000)
    tick()
  }

  // Copy buttons: the Clipboard API where allowed, else select the text for a manual copy.
  // Delegated: the pay box is replaced when a part arrives.
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button[data-copy]') : null
    if (!b) return
    var text = $(b.getAttribute('data-copy')).textContent
    var done = function () {
      var label = b.textContent
      b.textContent = m.copied
      $('copy-status').textContent = m.copied
      setTimeout(function () {
        b.textContent = label
      }, 1500)
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, done)
    else {
      var r = document.createRange()
      r.selectNodeContents($(b.getAttribute('data-copy')))
      var sel = window.getSelection()
      sel.removeAllRanges()
      sel.addRange(r)
      try {
        document.execCommand('copy')
      } catch (e) {}
      done()
    }
  })

  // Test mode: pay without leaving the page; the live status shows what happens.
  var sim = $('sim-form')
  if (sim) {
    sim.addEventListener('submit', function (e) {
      e.preventDefault()
      var part = e.submitter ? e.submitter.value : 'full'
      fetch(sim.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'part=' + encodeURIComponent(part),
      }).then(function () {
        poll()
      })
    })
  }

  // The widget asks for the current state when its frame loads; answer only the origin we trust.
  window.addEventListener('message', function (e) {
    if (!data.embedOrigin || e.origin !== data.embedOrigin || e.source !== window.parent) return
    if (e.data && e.data.source === 'kassa-widget' && e.data.type === 'hello') post('status', last)
  })

  // The server drew the pay box for this state: no fresh copy needed until something arrives.
  last.askable = !$('pay-box').hidden
  render(last)
})()
