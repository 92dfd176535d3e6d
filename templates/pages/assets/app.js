// Kasian staff pages: small enhancements only; every form also works without JavaScript.
(function () {
  'use strict';

  // Confirmation before consequential actions (forward, approve, return, publish …), asked in the page itself:
  // the browser's own confirm() box can be closed by the browser (Chromium closes it when the framed PDF finishes
  // loading), which silently cancels the click. Esc or ยกเลิก cancels; without <dialog> the browser's box is used.
  var confirmed = null;
  var asking = null;
  function ask(message, onConfirm) {
    if (!asking) {
      asking = document.createElement('dialog');
      asking.className = 'confirm';
      asking.setAttribute('aria-labelledby', 'confirm-message');
      asking.innerHTML = '<p id="confirm-message"></p><div class="actions">' +
        '<button type="button" class="button" data-answer="yes">ยืนยัน</button> ' +
        '<button type="button" class="button secondary" data-answer="no">ยกเลิก</button></div>';
      asking.addEventListener('click', function (e) {
        var answer = e.target.getAttribute && e.target.getAttribute('data-answer');
        if (answer) asking.close(answer);
      });
      document.body.appendChild(asking);
    }
    asking.querySelector('#confirm-message').textContent = message;
    asking.returnValue = '';
    asking.onclose = function () { if (asking.returnValue === 'yes') onConfirm(); };
    asking.showModal();
    asking.querySelector('[data-answer=yes]').focus();
  }
  // The same box for pages whose scripts ask before acting (the editor): the browser's own box where there is no <dialog>.
  window.kasianAsk = function (message, onConfirm) {
    if (typeof HTMLDialogElement !== 'function') { if (window.confirm(message)) onConfirm(); return; }
    ask(message, onConfirm);
  };
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (!message) return;
    if (confirmed === form) { confirmed = null; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (typeof HTMLDialogElement !== 'function' || typeof form.requestSubmit !== 'function') {
      if (!window.confirm(message)) return;
      confirmed = form;
      if (button) button.click(); else form.submit();
      return;
    }
    ask(message, function () { confirmed = form; form.requestSubmit(button || undefined); });
  }, true);

  // Leaving a page for the next one: the framed PDF goes first. Chromium sometimes hangs the tab when a page
  // navigates away while its built-in PDF viewer is framed in it (about one form post in twenty, in tests).
  document.addEventListener('submit', function (event) {
    if (event.defaultPrevented) return;
    document.querySelectorAll('.review-preview iframe').forEach(function (frame) { frame.remove(); });
  });

  // Ready phrases fill the comment box.
  document.querySelectorAll('[data-phrase]').forEach(function (button) {
    button.addEventListener('click', function () {
      var box = document.getElementById('comment');
      if (!box) return;
      box.value = box.value ? box.value.replace(/\s*$/, ' ') + button.getAttribute('data-phrase') : button.getAttribute('data-phrase');
      box.focus();
    });
  });

  // Signature drawn on screen (finger or mouse), sent as a PNG data URL.
  var canvas = document.getElementById('signature-pad');
  if (canvas) {
    var context = canvas.getContext('2d');
    var drawing = false;
    var drawn = false;
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.strokeStyle = '#102a6b';
    var point = function (e) {
      var rect = canvas.getBoundingClientRect();
      return { x: ((e.clientX - rect.left) * canvas.width) / rect.width, y: ((e.clientY - rect.top) * canvas.height) / rect.height };
    };
    canvas.addEventListener('pointerdown', function (e) { drawing = true; var p = point(e); context.beginPath(); context.moveTo(p.x, p.y); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener('pointermove', function (e) { if (!drawing) return; var p = point(e); context.lineTo(p.x, p.y); context.stroke(); drawn = true; });
    canvas.addEventListener('pointerup', function () { drawing = false; });
    var clear = document.getElementById('signature-clear');
    if (clear) clear.addEventListener('click', function () { context.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
    var form = document.getElementById('review-form');
    if (form) form.addEventListener('submit', function () {
      var source = form.querySelector('input[name=signatureSource]:checked');
      var field = document.getElementById('signature-image');
      field.value = source && source.value === 'drawn' && drawn ? canvas.toDataURL('image/png') : '';
    });
  }
})();
