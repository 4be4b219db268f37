// Kassa donation widget: <script src=".../donate-widget.js" data-store-key="..."> with the
// seed's attributes: data-mode (button | topbar | inline), data-target, data-text,
// data-amounts ("5,10,25"), data-color ("#e11d48"). The donation form is Kassa's page
// /donate/{key} in an iframe overlay; nothing is sent to Kassa until the donor submits it.
;(function () {
  'use strict'
  var script = document.currentScript
  if (!script) return
  var base = new URL(script.src).origin
  var attr = function (n) {
    return script.getAttribute('data-' + n)
  }
  var key = attr('store-key')
  if (!key) {
    console.error('donate-widget.js: data-store-key is required')
    return
  }
  var mode = attr('mode') || 'button'
  var color = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(attr('color') || '') ? attr('color') : '#2563eb'
  var amounts = (attr('amounts') || '')
    .split(',')
    .map(function (s) {
      return s.trim()
    })
    .filter(function (s) {
      return /^\d+(\.\d{1,2})?$/.test(s)
    })
  var text = attr('text')
  var lang = (document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase()

  function button() {
    var b = document.createElement('button')
    b.type = 'button'
    b.setAttribute('data-kassa-donate', '')
    b.textContent = text || '\u2764 Donate'
    b.style.cssText =
      'font:600 16px/1.2 system-ui,sans-serif;padding:10px 18px;border-radius:8px;border:0;cursor:pointer;color:#fff;background:' + color
    b.addEventListener('click', openForm)
    return b
  }

  var buttons = []
  function place() {
    var b = button()
    buttons.push(b)
    if (mode === 'inline') {
      var t = document.getElementById(attr('target') || '')
      if (!t) {
        console.error('donate-widget.js: data-target element not found')
        return
      }
      t.appendChild(b)
    } else if (mode === 'topbar') {
      var bar = document.createElement('div')
      bar.setAttribute('data-kassa-topbar', '')
      bar.setAttribute('role', 'region')
      bar.setAttribute('aria-label', 'Donate')
      bar.style.cssText =
        'position:fixed;top:0;left:0;right:0;z-index:2147483646;display:flex;gap:12px;align-items:center;justify-content:center;padding:8px;background:#111827;color:#fff;font:15px system-ui,sans-serif;border-bottom:3px solid ' +
        color
      var label = document.createElement('span')
      label.setAttribute('data-kassa-title', '')
      bar.appendChild(label)
      bar.appendChild(b)
      document.body.insertBefore(bar, document.body.firstChild)
      document.body.style.paddingTop = (parseFloat(getComputedStyle(document.body).paddingTop) || 0) + bar.offsetHeight + 'px'
    } else {
      script.parentNode.insertBefore(b, script.nextSibling)
    }
  }

  // The store's own button text, title and colour (its saved donation settings), in the
  // visitor's language, unless data-text / data-color say otherwise.
  function configure() {
    fetch(base + '/donate/' + encodeURIComponent(key) + '/config?lang=' + encodeURIComponent(lang), { credentials: 'omit' })
      .then(function (r) {
        return r.json()
      })
      .then(function (j) {
        if (!j.success) return
        if (!text)
          buttons.forEach(function (b) {
            b.textContent = j.data.button_text
          })
        var t = document.querySelector('[data-kassa-title]')
        if (t) t.textContent = j.data.title
        if (!attr('color') && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(j.data.color || '')) {
          color = j.data.color
          buttons.forEach(function (b) {
            b.style.background = color
          })
          var bar = document.querySelector('[data-kassa-topbar]')
          if (bar) bar.style.borderBottomColor = color
        }
      })
      .catch(function () {})
  }

  var active = null
  function openForm() {
    if (active) return
    var u = new URL(base + '/donate/' + encodeURIComponent(key))
    u.searchParams.set('embed', location.origin)
    u.searchParams.set('lang', lang)
    if (amounts.length) u.searchParams.set('amounts', amounts.join(','))
    if (attr('color')) u.searchParams.set('color', color)
    active = kassaOverlay(u.toString(), 'Donate', function () {
      active = null
    })
  }

  function start() {
    place()
    configure()
  }
  if (mode === 'topbar' && !document.body) document.addEventListener('DOMContentLoaded', start)
  else if (mode === 'inline' && document.readyState === 'loading' && !document.getElementById(attr('target') || ''))
    document.addEventListener('DOMContentLoaded', start)
  else start()
})()
