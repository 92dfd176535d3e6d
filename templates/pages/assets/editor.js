// Kasian document editor: edits the report and its memo as the document format's JSON and saves by itself. Every
// keystroke reaches the server, also while a field breaks a rule of the format (the server keeps the typing as a
// draft and answers the problems, shown beside their fields); the rules are enforced when the memo is submitted.
// A copy of unsaved typing stays in this browser too. The watermarked PDF of the last valid version is previewed
// beside the form.
(function () {
  'use strict';
  var root = document.getElementById('editor-root');
  if (!root) return;
  var id = root.getAttribute('data-id');
  var csrf = root.getAttribute('data-csrf');
  var loaded = JSON.parse(document.getElementById('doc-data').textContent);
  var state = { report: loaded.report, memo: loaded.memo, version: loaded.version };
  var storageKey = 'kasian-draft-' + id;
  var statusEl = document.getElementById('save-status');
  var problemsEl = document.getElementById('problems');
  var announceEl = document.getElementById('editor-announce');
  var restoreEl = document.getElementById('restore-notice');
  var submitButton = document.getElementById('editor-submit');
  var Paste = window.KasianPaste;
  try { document.execCommand('defaultParagraphSeparator', false, 'p'); } catch (e) { /* older browsers: <div> lines */ }

  var PRESETS = {
    plan_monitoring: [['มาตรการส่งเสริมคุณธรรมและความโปร่งใส', 'measure'], ['ขั้นตอนหรือวิธีการ', 'steps'], ['ผู้รับผิดชอบ', 'responsible'], ['การกำกับติดตาม', 'monitoring']],
    implementation_results: [['มาตรการ/โครงการ/กิจกรรม', 'measure'], ['ขั้นตอน/วิธีการปฏิบัติ', 'steps'], ['ระยะเวลาในการดำเนินการ', 'period'], ['ผู้รับผิดชอบ', 'responsible'], ['ผลการดำเนินการ', 'result'], ['ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ', 'outcome']],
    results_success: [['มาตรการส่งเสริมคุณธรรมและความโปร่งใส', 'measure'], ['ผลการดำเนินการตามมาตรการ', 'result'], ['ความสำเร็จของการดำเนินการ', 'success']],
    indicator_status: [['มาตรการ', 'measure'], ['ผลการดำเนินการ', 'result'], ['ข้อเสนอแนะ', 'suggestion']],
  };
  var PRESET_NAMES = { plan_monitoring: 'มาตรการ | ขั้นตอน | ผู้รับผิดชอบ | การกำกับติดตาม', implementation_results: 'มาตรการ | ขั้นตอน | ระยะเวลา | ผู้รับผิดชอบ | ผลการดำเนินการ | ผลลัพธ์', results_success: 'มาตรการ | ผลการดำเนินการ | ความสำเร็จ', indicator_status: 'จัดกลุ่มตามตัวชี้วัด พร้อมสถานะ', custom: 'กำหนดเอง' };
  var ROLES = [['measure', 'มาตรการ/โครงการ'], ['steps', 'ขั้นตอน/วิธีการ'], ['period', 'ระยะเวลา'], ['responsible', 'ผู้รับผิดชอบ'], ['monitoring', 'การกำกับติดตาม'], ['result', 'ผลการดำเนินการ'], ['outcome', 'ผลลัพธ์/ผลสัมฤทธิ์'], ['success', 'ความสำเร็จ'], ['status', 'สถานะ'], ['suggestion', 'ข้อเสนอแนะ'], ['other', 'อื่น ๆ']];
  var ALIGNS = [['', 'ตามค่าเริ่มต้น'], ['start', 'ชิดซ้าย'], ['center', 'กึ่งกลาง'], ['end', 'ชิดขวา']];
  var MAX_COLUMNS = 10;
  var STATUS = { '': '—', done: 'ดำเนินการแล้ว', in_progress: 'อยู่ระหว่างดำเนินการ', not_started: 'ยังไม่ดำเนินการ' };
  var SECTION_TITLES = { narrative: 'ข้อความ', ita_results: 'ผลคะแนน ITA', issue: 'ประเด็น', measures_table: 'ตารางมาตรการ' };

  // Limits of docs/document-format.schema.json, worded as the server words them, so that a slip shows at once.
  // The server still decides: what it finds comes back with every save and is shown the same way.
  var YEAR = { integer: true, min: 2500, max: 2700 };
  var SCORE = { min: 0, max: 100 };
  var ORDINAL = { integer: true, min: 1, max: 99 };
  var WIDTH = { min: 5, max: 90 };
  var SHORT = 500;
  var SCORE_TABLES = {
    tools: {
      title: 'คะแนนรายเครื่องมือ', noun: 'เครื่องมือ', add: '+ เพิ่มคะแนนเครื่องมือ',
      columns: [['รหัส', 'code', { max: 20 }], ['ชื่อที่แสดง', 'label', { max: SHORT }], ['คะแนนปีก่อน', 'previousScore', { number: SCORE, optional: true }], ['คะแนน', 'score', { number: SCORE }]],
      blank: function () { return { code: '', label: '' }; },
    },
    indicators: {
      title: 'คะแนนรายตัวชี้วัด', noun: 'ตัวชี้วัด', add: '+ เพิ่มตัวชี้วัด',
      columns: [['ตัวชี้วัดที่', 'number', { number: ORDINAL }], ['ชื่อตัวชี้วัด', 'name', { max: SHORT }], ['เครื่องมือ', 'tool', { max: 20, optional: true }], ['คะแนนปีก่อน', 'previousScore', { number: SCORE, optional: true }], ['คะแนน', 'score', { number: SCORE }]],
      blank: function (list) { return { number: list.reduce(function (n, row) { return Math.max(n, row.number || 0); }, 0) + 1, name: '' }; },
    },
  };

  var fieldSeq = 0;
  var boxes = {}; // server path → the field shown for it
  var serverProblems = loaded.problems || []; // what the server found in the last saved typing
  // Lists the editor made up for an absent optional field: left out again when still empty, so untouched
  // documents go back to the server exactly as they came.
  var madeUp = new WeakSet();

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  /**
   * A small button; `label`, when the visible text alone does not say which item it acts on, is its name: the visible
   * words first, so that speech and voice control find the button by what it shows (WCAG 2.5.3).
   */
  function button(text, label, onClick, extra) {
    return el('button', Object.assign({ type: 'button', class: 'small', text: text, 'aria-label': label || null, on: { click: onClick } }, extra || {}));
  }
  function ensureList(obj, key) {
    if (!Array.isArray(obj[key])) { obj[key] = []; madeUp.add(obj[key]); }
    return obj[key];
  }
  /** The page's own confirmation box (app.js); the browser's confirm() where there is none. */
  function ask(message, then) {
    if (window.kasianAsk) window.kasianAsk(message, then);
    else if (window.confirm(message)) then();
  }
  function announce(text) {
    announceEl.textContent = '';
    setTimeout(function () { announceEl.textContent = text; }, 50);
  }
  function plain(html) {
    var doc = new DOMParser().parseFromString('<body>' + (html || ''), 'text/html');
    return doc.body.textContent.trim();
  }

  // ---- Fields and their problems -------------------------------------------------------------------------------

  function arabic(text) { return text.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); }).trim(); }
  function asNumber(text) { return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : null; }
  function numberProblem(raw, rule, optional) {
    var text = arabic(raw);
    if (text === '') return optional ? null : 'ต้องระบุ';
    var n = asNumber(text);
    if (n === null) return 'ต้องเป็นตัวเลข';
    if (rule.integer && !Number.isInteger(n)) return 'ต้องเป็นจำนวนเต็ม';
    if (n < rule.min) return 'ต้องไม่น้อยกว่า ' + rule.min;
    if (n > rule.max) return 'ต้องไม่เกิน ' + rule.max;
    return null;
  }
  function textProblem(text, opts) {
    if (opts.required && text === '') return 'ต้องไม่เว้นว่าง';
    if (opts.max && Array.from(text).length > opts.max) return 'ยาวได้ไม่เกิน ' + opts.max + ' ตัวอักษร';
    return null;
  }
  /** Shows the browser's objection to the field, or else the server's. */
  function show(box) {
    var message = box.client || box.server;
    box.error.textContent = message || '';
    box.error.hidden = !message;
    if (message) { box.control.setAttribute('aria-invalid', 'true'); box.control.setAttribute('aria-describedby', box.error.id); }
    else { box.control.removeAttribute('aria-invalid'); box.control.removeAttribute('aria-describedby'); }
  }
  function register(path, box) {
    if (!path) return;
    box.path = path;
    boxes[path] = box;
    var found = serverProblems.filter(function (f) { return f.field === path; })[0];
    box.server = found ? found.message : null;
    show(box);
  }
  function newBox(label, control) {
    var fid = 'field-' + (++fieldSeq);
    control.id = fid;
    return { id: fid, label: label, control: control, error: el('p', { class: 'field-error', id: fid + '-error', hidden: '' }), client: null, server: null };
  }
  /** A labelled control with room for its error; `opts.path` is the field's name in the server's answers. */
  function field(label, control, opts) {
    var box = newBox(label + (opts.labelSuffix || ''), control);
    var caption = el('label', opts.cellLabel ? { for: box.id, class: 'cell-label' } : { for: box.id }, [label, opts.labelSuffix ? el('span', { class: 'sr-only', text: opts.labelSuffix }) : null]);
    box.wrap = el('div', { class: 'field' }, [caption, control, box.error]);
    register(opts.path, box);
    return box;
  }
  /**
   * A text or number field of `obj[key]`. What is typed is stored as typed, also when it breaks a rule (a number
   * that is not one is kept as its text): the server keeps it and names the problem.
   */
  function input(label, obj, key, opts) {
    opts = opts || {};
    var control = el(opts.multiline ? 'textarea' : 'input', opts.multiline ? { rows: '2' } : { type: 'text' });
    if (opts.number) control.setAttribute('inputmode', opts.number.integer ? 'numeric' : 'decimal');
    if (opts.focus) control.setAttribute('data-focus', opts.focus);
    control.value = obj[key] == null ? '' : String(obj[key]);
    var box = field(label, control, opts);
    function problem() { return opts.number ? numberProblem(control.value, opts.number, opts.optional) : textProblem(control.value, opts); }
    box.client = problem();
    show(box);
    control.addEventListener('input', function () {
      box.client = problem();
      box.server = null;
      show(box);
      if (opts.number) {
        var text = arabic(control.value);
        var n = asNumber(text);
        if (text === '') delete obj[key]; else obj[key] = n !== null ? n : control.value;
      } else if (control.value === '' && opts.optional) delete obj[key];
      else obj[key] = control.value;
      if (opts.onInput) opts.onInput(control.value);
      changed();
    });
    return box.wrap;
  }
  function select(label, options, value, onChange, attrs) {
    var control = el('select', Object.assign({ 'aria-label': label }, attrs || {}));
    options.forEach(function (o) { var option = el('option', { value: o[0], text: o[1] }); if (o[0] === value) option.selected = true; control.appendChild(option); });
    control.addEventListener('change', function () { onChange(control.value); });
    return control;
  }

  // ---- Rich text: one toolbar for the focused box ----------------------------------------------------------------

  var RICH_TAGS = { P: true, BR: true, OL: true, UL: true, LI: true, STRONG: true, B: true, U: true };
  var DROPPED = { SCRIPT: true, STYLE: true, TEMPLATE: true, IFRAME: true, OBJECT: true, EMBED: true, SVG: true, MATH: true, NOSCRIPT: true, TITLE: true };
  /**
   * Stored rich text as nodes of the allowlist only (what the server keeps; a draft may hold what it refused, and
   * is never put into the page as HTML). Parsed in an inert document: nothing in it loads or runs.
   */
  function richNodes(html) {
    var doc = new DOMParser().parseFromString('<body>' + (html || ''), 'text/html');
    var out = document.createDocumentFragment();
    (function copy(from, to) {
      Array.prototype.forEach.call(from.childNodes, function (node) {
        if (node.nodeType === 3) to.appendChild(document.createTextNode(node.nodeValue));
        else if (node.nodeType !== 1 || DROPPED[node.tagName]) return;
        else if (RICH_TAGS[node.tagName]) {
          var copyOf = document.createElement(node.tagName.toLowerCase());
          if (node.tagName === 'OL' && node.classList.contains('plain')) copyOf.className = 'plain';
          copy(node, copyOf);
          to.appendChild(copyOf);
        } else copy(node, to);
      });
    })(doc.body, out);
    return out;
  }
  /**
   * The box's HTML as the document stores it: every line a paragraph. Chromium leaves the first line typed into an
   * empty box as bare text (and older ones use <div> lines), which would join lines in the PDF.
   */
  function richValue(box) {
    var out = '';
    var run = '';
    function flush() { if (run.replace(/<br\s*\/?>/gi, '').trim() !== '') out += '<p>' + run + '</p>'; run = ''; }
    Array.prototype.forEach.call(box.childNodes, function (node) {
      if (node.nodeType === 1 && /^(P|OL|UL)$/.test(node.tagName)) { flush(); out += node.outerHTML; }
      else if (node.nodeType === 1 && node.tagName === 'DIV') { flush(); out += '<p>' + node.innerHTML + '</p>'; }
      else if (node.nodeType === 3) run += node.nodeValue.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      else if (node.nodeType === 1) run += node.outerHTML;
    });
    flush();
    return out;
  }
  var toolbar = {
    target: null,
    range: null,
    label: el('span', { class: 'toolbar-target', id: 'toolbar-target' }),
  };
  toolbar.node = el('div', { class: 'toolbar', role: 'toolbar', 'aria-labelledby': 'toolbar-target', hidden: '' }, [toolbar.label].concat([
    ['ตัวหนา', 'bold'], ['ขีดเส้นใต้', 'underline'], ['รายการเลข', 'insertOrderedList'], ['รายการจุด', 'insertUnorderedList'],
  ].map(function (b) {
    return el('button', { type: 'button', text: b[0], on: {
      mousedown: function (e) { e.preventDefault(); }, // the box keeps its focus and selection
      click: function () { format(b[1]); },
    } });
  })).concat([el('span', { class: 'muted toolbar-hint', text: 'Alt+F10 จากช่องข้อความ · Esc กลับ' })]));
  toolbar.node.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && toolbar.target) { e.preventDefault(); restoreSelection(); }
  });
  function restoreSelection() {
    var box = toolbar.target;
    box.focus();
    if (toolbar.range && box.contains(toolbar.range.startContainer)) {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(toolbar.range);
    }
  }
  function format(command) {
    if (!toolbar.target || !toolbar.target.isConnected) return;
    if (document.activeElement !== toolbar.target) restoreSelection();
    document.execCommand(command);
  }
  /** Moves the one toolbar to just above the box (for a table cell: above its table), naming the box. */
  function attachToolbar(box, anchor) {
    toolbar.target = box;
    toolbar.label.textContent = 'จัดรูปแบบ: ' + box.getAttribute('aria-label');
    if (anchor.previousSibling !== toolbar.node) anchor.parentNode.insertBefore(toolbar.node, anchor);
    toolbar.node.hidden = false;
  }
  /** A rich-text box for `obj[key]`; `anchorOf` says above which element the toolbar goes when it has the focus. */
  function rich(obj, key, label, path, anchorOf) {
    var box = el('div', { class: 'rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label || 'ข้อความ' });
    box.appendChild(richNodes(obj[key]));
    var b = newBox(label || 'ข้อความ', box);
    register(path, b);
    var wrap = el('div', { class: 'rich-field' }, [label && !anchorOf ? el('p', { class: 'rich-label', id: b.id + '-label', text: label }) : null, box, b.error]);
    box.addEventListener('focus', function () { attachToolbar(box, anchorOf ? anchorOf() : box); });
    box.addEventListener('blur', function () {
      var selection = window.getSelection();
      toolbar.range = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    });
    box.addEventListener('keydown', function (e) {
      if (e.altKey && e.key === 'F10') { e.preventDefault(); toolbar.node.querySelector('button').focus(); }
    });
    box.addEventListener('input', function () { obj[key] = richValue(box); b.server = null; show(b); changed(); });
    box.addEventListener('paste', function (e) {
      var data = e.clipboardData || window.clipboardData;
      if (b.onTablePaste && b.onTablePaste(data)) { e.preventDefault(); return; }
      var lines = pastedLines(data);
      if (!lines) return;
      // Text only (Word's fonts and colours are not the document's), each line a paragraph.
      e.preventDefault();
      lines.forEach(function (line, i) {
        if (i) document.execCommand('insertParagraph');
        if (line) document.execCommand('insertText', false, line);
      });
    });
    b.wrap = wrap;
    b.box = box;
    return b;
  }

  // ---- Lists, items, sections ------------------------------------------------------------------------------------

  function listEditor(label, list, path) {
    var wrap = el('div', { role: 'group', 'aria-label': label }, [el('p', { class: 'rich-label', text: label })]);
    function draw() {
      while (wrap.childNodes.length > 1) wrap.removeChild(wrap.lastChild);
      list.forEach(function (item, i) {
        var area = el('textarea', { rows: '2', 'aria-label': label + ' ' + (i + 1) });
        area.value = item;
        var b = newBox(label + ' ' + (i + 1), area);
        register(path && path + '.' + i, b);
        area.addEventListener('input', function () { list[i] = area.value; b.server = null; show(b); changed(); });
        wrap.appendChild(el('div', {}, [area, button('ลบ', 'ลบ (' + label + ' ' + (i + 1) + ')', function () { list.splice(i, 1); changed(); draw(); }), b.error]));
      });
      wrap.appendChild(button('+ เพิ่ม', 'เพิ่ม (' + label + ')', function () { list.push(''); changed(); draw(); }));
    }
    draw();
    return wrap;
  }
  /**
   * ↑ ↓ (or ← → for columns) and remove for item `index` of `list`; `focus` names the buttons so that the moved
   * item's button keeps the keyboard focus after the form is drawn again. `move(from, to)` and `remove(index)` may
   * replace the plain list operations (a column moves its cells too).
   */
  function itemTools(list, index, opts) {
    var words = opts.across ? ['←', ' ไปทางซ้าย', '→', ' ไปทางขวา', '.left', '.right'] : ['↑', 'ขึ้น', '↓', 'ลง', '.up', '.down'];
    function move(to) {
      return function () {
        if (to < 0 || to >= list.length) return;
        if (opts.move) opts.move(index, to); else list.splice(to, 0, list.splice(index, 1)[0]);
        changed(); render(opts.focus + '.' + to + (to < index ? words[4] : words[5]));
      };
    }
    function remove() {
      if (opts.remove) opts.remove(index); else list.splice(index, 1);
      if (opts.afterRemove) opts.afterRemove();
      changed(); render(opts.focus + '.add');
    }
    return [
      button(words[0], 'เลื่อน' + opts.name + words[1], move(index - 1), { 'data-focus': opts.focus + '.' + index + words[4] }),
      button(words[2], 'เลื่อน' + opts.name + words[3], move(index + 1), { 'data-focus': opts.focus + '.' + index + words[5] }),
      button(opts.removeText || 'ลบ', (opts.removeText || 'ลบ') + ' (' + opts.name + ')', function () {
        var question = typeof opts.confirm === 'function' ? opts.confirm(index) : opts.confirm;
        if (question) ask(question, remove); else remove();
      }),
    ];
  }

  // ---- Measures tables: columns, groups, rows, paste -------------------------------------------------------------

  function rowsOf(section) { return section.groups.reduce(function (all, g) { return all.concat(g.rows); }, []); }
  function presetOf(columns) {
    var roles = columns.map(function (c) { return c.role; }).join(',');
    return Object.keys(PRESETS).filter(function (k) { return PRESETS[k].map(function (c) { return c[1]; }).join(',') === roles; })[0] || 'custom';
  }
  function columnsChanged(section) { section.columnSet = presetOf(section.columns); }
  function blankRow(section) { return { cells: section.columns.map(function () { return ''; }) }; }
  function addColumn(section, column) {
    section.columns.push(column || { heading: '', role: 'other' });
    rowsOf(section).forEach(function (row) { row.cells.push(''); });
    columnsChanged(section);
  }
  function removeColumn(section, index) {
    section.columns.splice(index, 1);
    rowsOf(section).forEach(function (row) { row.cells.splice(index, 1); });
    columnsChanged(section);
  }
  function moveColumn(section, from, to) {
    section.columns.splice(to, 0, section.columns.splice(from, 1)[0]);
    rowsOf(section).forEach(function (row) { row.cells.splice(to, 0, row.cells.splice(from, 1)[0]); });
    columnsChanged(section);
  }
  function filledCells(section, index) { return rowsOf(section).filter(function (row) { return plain(row.cells[index]) !== ''; }).length; }
  /**
   * A preset's columns, keeping what is typed: a column of the same role keeps its cells; a column with text whose
   * role the preset lacks stays, after the preset's.
   */
  function applyPreset(section, key) {
    var preset = PRESETS[key];
    var used = {};
    var order = preset.map(function (c) {
      var from = section.columns.findIndex(function (old, i) { return !used[i] && old.role === c[1]; });
      if (from >= 0) used[from] = true;
      return { column: Object.assign({}, from >= 0 ? section.columns[from] : {}, { heading: c[0], role: c[1] }), from: from };
    });
    section.columns.forEach(function (old, i) { if (!used[i] && filledCells(section, i) > 0) order.push({ column: old, from: i }); });
    section.columns = order.map(function (o) { return o.column; });
    rowsOf(section).forEach(function (row) { row.cells = order.map(function (o) { return o.from >= 0 ? row.cells[o.from] || '' : ''; }); });
    section.columnSet = presetOf(section.columns);
  }
  function isEmptyRow(row) { return row.cells.every(function (c) { return plain(c) === ''; }) && !row.status; }

  /**
   * Puts pasted rows into group `g` of the table: after its last row with text (`at` absent), or from row `at.row`,
   * column `at.column` on (a paste into a cell: an empty row there is filled, else the rows go in after it). A pasted
   * header names the columns; a group-heading row starts a new group; columns are added for wider rows (up to ten,
   * the rest joined into the tenth). Nothing typed is overwritten.
   */
  function applyPaste(section, g, parsed, at) {
    var start = at ? at.column : 0;
    var added = 0;
    while (section.columns.length < Math.min(MAX_COLUMNS, start + parsed.width)) { addColumn(section); added++; }
    if (parsed.headings) parsed.headings.forEach(function (heading, i) { if (heading && section.columns[start + i]) section.columns[start + i].heading = heading; });
    var group = section.groups[g];
    var position;
    if (at) {
      position = isEmptyRow(group.rows[at.row]) ? at.row : at.row + 1;
      if (position === at.row) group.rows.splice(at.row, 1);
    } else {
      while (group.rows.length && isEmptyRow(group.rows[group.rows.length - 1])) group.rows.pop();
      position = group.rows.length;
    }
    var count = 0;
    var groups = 0;
    parsed.rows.forEach(function (row) {
      if (row.group !== undefined) {
        group = { heading: row.group, rows: [] };
        section.groups.splice(++g, 0, group);
        position = 0;
        groups++;
        return;
      }
      var cells = section.columns.map(function () { return []; });
      row.cells.forEach(function (lines, i) { var c = Math.min(start + i, section.columns.length - 1); cells[c] = cells[c].concat(lines); });
      group.rows.splice(position++, 0, { cells: cells.map(Paste.cellHtml) });
      count++;
    });
    section.groups.forEach(function (gr) { if (!gr.rows.length) gr.rows.push(blankRow(section)); });
    var told = 'วางจาก Excel/Word แล้ว ' + count + ' แถว';
    if (groups) told += ' ' + groups + ' กลุ่ม';
    if (parsed.headings) told += ' และตั้งหัวคอลัมน์ตามที่วาง';
    if (added) told += ' (เพิ่มคอลัมน์ ' + added + ' คอลัมน์ กรุณาตั้งชื่อ)';
    return told;
  }
  function clipboardTable(data) {
    return Paste.parseClipboard({ html: data.getData('text/html'), text: data.getData('text/plain') });
  }
  /**
   * What a paste into a text box puts there, line by line: one copied Excel cell is its lines (without Excel's
   * quotes); anything else is its plain text.
   */
  function pastedLines(data) {
    var text = data.getData('text/plain');
    var parsed = clipboardTable(data);
    var single = parsed.rows.length === 1 && parsed.width === 1 && !parsed.headings && parsed.rows[0].cells;
    if (single && (parsed.source === 'html' || /^\s*"/.test(text))) return single[0];
    return text ? text.replace(/\r\n?/g, '\n').split('\n') : null;
  }

  function columnEditor(section, at) {
    var head = el('tr', {}, ['ที่', 'หัวคอลัมน์', 'บทบาท', 'ความกว้าง (%)', 'การจัดแนว', 'ลำดับ / ลบ'].map(function (t) { return el('th', { scope: 'col', text: t }); }));
    var body = el('tbody', {});
    section.columns.forEach(function (column, c) {
      var n = c + 1;
      var suffix = ' (คอลัมน์ที่ ' + n + ')';
      var heading = input('หัวคอลัมน์', column, 'heading', { required: true, max: 200, path: at + '.columns.' + c + '.heading', cellLabel: true, labelSuffix: suffix, focus: at + '.columns.' + c + '.heading' });
      var role = select('บทบาท', ROLES, column.role, function (value) { column.role = value; columnsChanged(section); changed(); }, { 'aria-label': null });
      var roleBox = newBox('บทบาทของคอลัมน์ที่ ' + n, role);
      register(at + '.columns.' + c + '.role', roleBox);
      var width = input('ความกว้าง', column, 'width', { number: WIDTH, optional: true, path: at + '.columns.' + c + '.width', cellLabel: true, labelSuffix: ' ร้อยละของความกว้างตาราง เว้นว่างให้กว้างตามเนื้อหา' + suffix });
      var align = select('การจัดแนว', ALIGNS, column.align || '', function (value) { if (value) column.align = value; else delete column.align; changed(); }, { 'aria-label': null });
      var alignBox = newBox('การจัดแนวของคอลัมน์ที่ ' + n, align);
      register(at + '.columns.' + c + '.align', alignBox);
      var tools = itemTools(section.columns, c, {
        name: 'คอลัมน์ที่ ' + n, focus: at + '.columns', across: true,
        move: function (from, to) { moveColumn(section, from, to); },
        remove: function (index) { removeColumn(section, index); },
        confirm: function (index) {
          if (section.columns.length === 1) return null;
          var filled = filledCells(section, index);
          return filled ? 'ลบคอลัมน์ "' + (section.columns[index].heading || ('ที่ ' + (index + 1))) + '"? ข้อความในคอลัมน์นี้ ' + filled + ' ช่องจะถูกลบไปด้วย' : null;
        },
      });
      if (section.columns.length === 1) tools[2].disabled = true;
      body.appendChild(el('tr', {}, [
        el('td', { 'data-col': 'n', text: String(n) }),
        el('td', { 'data-col': 'heading' }, [heading]),
        el('td', { 'data-col': 'role' }, [el('label', { for: roleBox.id, class: 'cell-label', text: 'บทบาท' + suffix }), role, roleBox.error]),
        el('td', { 'data-col': 'width' }, [width]),
        el('td', { 'data-col': 'align' }, [el('label', { for: alignBox.id, class: 'cell-label', text: 'การจัดแนว' + suffix }), align, alignBox.error]),
        el('td', { class: 'row-tools' }, tools),
      ]));
    });
    var full = section.columns.length >= MAX_COLUMNS;
    var add = button(full ? 'เพิ่มคอลัมน์ไม่ได้ (มีได้ไม่เกิน ' + MAX_COLUMNS + ' คอลัมน์)' : '+ เพิ่มคอลัมน์', null, function () {
      addColumn(section);
      changed(); render(at + '.columns.' + (section.columns.length - 1) + '.heading');
      announce('เพิ่มคอลัมน์ที่ ' + section.columns.length + ' แล้ว กรุณาตั้งหัวคอลัมน์');
    }, { 'data-focus': at + '.columns.add', disabled: full ? '' : null });
    var presetChoice = select('ชุดคอลัมน์สำเร็จรูป', Object.keys(PRESETS).map(function (k) { return [k, PRESET_NAMES[k]]; }), section.columnSet === 'custom' ? 'implementation_results' : section.columnSet, function () {});
    var usePreset = button('ใช้ชุดนี้', 'ใช้ชุดนี้ (ชุดคอลัมน์สำเร็จรูปที่เลือก)', function () {
      ask('ใช้ชุดคอลัมน์ "' + PRESET_NAMES[presetChoice.value] + '"? หัวคอลัมน์จะเปลี่ยนตามชุดนี้ ข้อความในตารางยังอยู่ครบ (คอลัมน์ที่มีข้อความแต่ไม่อยู่ในชุดนี้จะอยู่ท้ายตาราง)', function () {
        applyPreset(section, presetChoice.value);
        changed(); render(at + '.preset');
        announce('ใช้ชุดคอลัมน์แล้ว ตารางมี ' + section.columns.length + ' คอลัมน์');
      });
    }, { 'data-focus': at + '.preset' });
    return el('fieldset', { class: 'columns-block' }, [
      el('legend', { text: 'คอลัมน์ของตาราง (' + section.columns.length + ' คอลัมน์ · ' + PRESET_NAMES[section.columnSet] + ')' }),
      el('p', { class: 'muted', text: 'ความกว้างเป็นร้อยละของความกว้างตาราง (5–90) เว้นว่างให้กว้างตามเนื้อหา' }),
      el('div', { class: 'table-wrap' }, [el('table', { class: 'column-table' }, [el('caption', { class: 'sr-only', text: 'คอลัมน์ของตาราง' }), el('thead', {}, [head]), body])]),
      el('div', { class: 'field-row' }, [add, el('span', { class: 'preset' }, [presetChoice, usePreset])]),
    ]);
  }

  function tableEditor(section, at) {
    var wrap = el('div', {});
    wrap.appendChild(input('หัวตาราง (ถ้ามี)', section, 'heading', { optional: true, max: SHORT, path: at + '.heading' }));
    wrap.appendChild(columnEditor(section, at));
    section.groups.forEach(function (group, g) {
      var gat = at + '.groups.' + g;
      var card = el('div', { class: 'card group' });
      card.appendChild(el('h4', {}, [el('span', { text: 'กลุ่มที่ ' + (g + 1) }), el('span', {}, itemTools(section.groups, g, {
        name: 'กลุ่มที่ ' + (g + 1), focus: at + '.groups', removeText: 'ลบกลุ่มนี้',
        confirm: function () { return 'ลบกลุ่มที่ ' + (g + 1) + ' และทุกแถวในกลุ่ม?'; },
        afterRemove: function () { if (!section.groups.length) section.groups.push({ rows: [blankRow(section)] }); },
      }))]));
      card.appendChild(input('กลุ่ม / ตัวชี้วัด (เว้นว่างได้)', group, 'heading', { optional: true, max: SHORT, path: gat + '.heading', focus: gat + '.heading' }));
      var tableWrap = el('div', { class: 'table-wrap' });
      var head = el('tr', {});
      section.columns.forEach(function (c, ci) {
        var th = el('th', { scope: 'col', text: c.heading || 'คอลัมน์ที่ ' + (ci + 1) + ' (ยังไม่มีหัว)' });
        if (c.width) th.style.width = c.width + '%';
        head.appendChild(th);
      });
      head.appendChild(el('th', { scope: 'col', text: 'สถานะ' }));
      head.appendChild(el('th', { scope: 'col', text: 'ลำดับ / ลบ' }));
      var body = el('tbody', {});
      group.rows.forEach(function (row, r) {
        var tr = el('tr', {});
        row.cells.forEach(function (_, ci) {
          var cell = rich(row.cells, ci, 'แถว ' + (r + 1) + ' คอลัมน์ ' + (ci + 1), gat + '.rows.' + r + '.cells.' + ci, function () { return tableWrap; });
          cell.box.setAttribute('data-focus', gat + '.rows.' + r + '.cells.' + ci);
          if (section.columns[ci] && section.columns[ci].align) cell.box.setAttribute('data-align', section.columns[ci].align);
          cell.onTablePaste = function (data) {
            var parsed = clipboardTable(data);
            var cellsPasted = parsed.rows.reduce(function (n, x) { return n + (x.cells ? x.cells.length : 1); }, 0);
            if (parsed.source === 'tsv' && data.getData('text/plain').indexOf('\t') < 0) return false;
            if (cellsPasted < 2 && !parsed.headings) return false;
            var told = applyPaste(section, g, parsed, { row: r, column: ci });
            changed(); render(gat + '.rows.' + r + '.cells.' + ci);
            announce(told);
            return true;
          };
          tr.appendChild(el('td', {}, [cell.wrap]));
        });
        var status = select('สถานะแถว ' + (r + 1), Object.keys(STATUS).map(function (k) { return [k, STATUS[k]]; }), row.status || '', function (value) { if (value) row.status = value; else delete row.status; changed(); });
        tr.appendChild(el('td', {}, [status]));
        tr.appendChild(el('td', { class: 'row-tools' }, itemTools(group.rows, r, {
          name: 'แถว ' + (r + 1), focus: gat + '.rows',
          confirm: function (index) { return isEmptyRow(group.rows[index]) ? null : 'ลบแถว ' + (index + 1) + ' ของกลุ่มที่ ' + (g + 1) + '?'; },
          afterRemove: function () { if (!group.rows.length) group.rows.push(blankRow(section)); },
        })));
        body.appendChild(tr);
      });
      tableWrap.appendChild(el('table', { class: 'cells-table' }, [el('caption', { class: 'sr-only', text: 'แถวของกลุ่มที่ ' + (g + 1) }), el('thead', {}, [head]), body]));
      card.appendChild(tableWrap);
      var hint = el('p', { class: 'muted', id: 'paste-hint-' + (++fieldSeq), text: 'แต่ละแถวของ Excel/Word เป็นหนึ่งแถว ช่องที่มีหลายบรรทัดคงเป็นช่องเดียว แถวหัวตารางที่วางจะเป็นหัวคอลัมน์ วางลงในช่องของตารางก็ได้' });
      var pasteBox = el('textarea', { rows: '2', placeholder: 'วางแถวที่คัดลอกจาก Excel หรือ Word ที่นี่', 'aria-label': 'วางแถวจาก Excel หรือ Word', 'aria-describedby': hint.id, 'data-focus': gat + '.paste' });
      pasteBox.addEventListener('paste', function (e) {
        e.preventDefault();
        var parsed = clipboardTable(e.clipboardData || window.clipboardData);
        if (!parsed.rows.length && !parsed.headings) { announce('ไม่พบแถวในสิ่งที่วาง'); return; }
        var told = applyPaste(section, g, parsed, null);
        changed(); render(gat + '.paste');
        announce(told);
      });
      card.appendChild(el('div', { class: 'field-row' }, [
        button('+ เพิ่มแถว', 'เพิ่มแถว (กลุ่มที่ ' + (g + 1) + ')', function () {
          group.rows.push(blankRow(section));
          changed(); render(gat + '.rows.' + (group.rows.length - 1) + '.cells.0');
        }, { 'data-focus': gat + '.rows.add' }),
        el('div', { class: 'paste-zone' }, [pasteBox, hint]),
      ]));
      wrap.appendChild(card);
    });
    wrap.appendChild(button('+ เพิ่มกลุ่ม (ตัวชี้วัด)', null, function () {
      section.groups.push({ heading: '', rows: [blankRow(section)] });
      changed(); render(at + '.groups.' + (section.groups.length - 1) + '.heading');
    }, { 'data-focus': at + '.groups.add' }));
    return wrap;
  }

  // ---- ITA scores ------------------------------------------------------------------------------------------------

  /** The tools or indicators of an ITA section as a table of rows: add, remove, reorder, every field editable. */
  function scoreTable(section, key, at) {
    var spec = SCORE_TABLES[key];
    var list = section[key] || [];
    var prefix = at + '.' + key;
    var head = el('tr', {}, spec.columns.map(function (c) { return el('th', { scope: 'col', text: c[0] }); }).concat([el('th', { scope: 'col', text: 'ลำดับ / ลบ' })]));
    var body = el('tbody', {});
    list.forEach(function (row, r) {
      var suffix = ' (' + spec.noun + 'แถวที่ ' + (r + 1) + ')';
      var cells = spec.columns.map(function (c, ci) {
        var opts = Object.assign({ path: prefix + '.' + r + '.' + c[1], cellLabel: true, labelSuffix: suffix, focus: ci === 0 ? prefix + '.' + r + '.first' : null }, c[2]);
        return el('td', { 'data-col': c[1] }, [input(c[0], row, c[1], opts)]);
      });
      cells.push(el('td', { class: 'row-tools' }, itemTools(list, r, { name: spec.noun + 'แถวที่ ' + (r + 1), focus: prefix, afterRemove: function () { if (!list.length) delete section[key]; } })));
      body.appendChild(el('tr', {}, cells));
    });
    var add = el('button', { type: 'button', class: 'small', text: spec.add, 'data-focus': prefix + '.add', on: { click: function () {
      var rows = ensureList(section, key);
      rows.push(spec.blank(rows));
      changed(); render(prefix + '.' + (rows.length - 1) + '.first');
    } } });
    var table = el('table', { class: 'score-table' }, [el('caption', { text: spec.title }), el('thead', {}, [head]), body]);
    return el('div', { class: 'score-block' }, [list.length ? el('div', { class: 'table-wrap' }, [table]) : el('p', { class: 'muted', text: spec.title + ': ยังไม่มี' }), add]);
  }
  function itaEditor(section, at) {
    return el('div', {}, [
      input('หัวข้อ (ถ้ามี)', section, 'heading', { optional: true, max: SHORT, path: at + '.heading' }),
      el('div', { class: 'field-row' }, [
        input('ปีที่ประเมิน (พ.ศ.)', section, 'assessmentYear', { number: YEAR, path: at + '.assessmentYear' }),
        input('ปีก่อนหน้า (พ.ศ.)', section, 'previousYear', { number: YEAR, optional: true, path: at + '.previousYear' }),
      ]),
      el('div', { class: 'field-row' }, [
        input('คะแนนรวม', section.overall, 'score', { number: SCORE, path: at + '.overall.score' }),
        input('คะแนนรวมปีก่อน', section.overall, 'previousScore', { number: SCORE, optional: true, path: at + '.overall.previousScore' }),
        input('ผลการประเมิน (ผ่าน / ไม่ผ่าน / ระดับ)', section.overall, 'result', { optional: true, max: 50, path: at + '.overall.result' }),
      ]),
      scoreTable(section, 'tools', at),
      scoreTable(section, 'indicators', at),
      el('p', { class: 'muted', text: 'คอลัมน์คะแนนปีก่อนจะแสดงใน PDF เมื่อระบุปีก่อนหน้า' }),
      rich(section, 'note', 'หมายเหตุใต้ตาราง (ถ้ามี)', at + '.note').wrap,
    ]);
  }

  // ---- The form --------------------------------------------------------------------------------------------------

  function newSection(type) {
    var report = state.report;
    if (type === 'narrative') return { type: 'narrative', body: '<p></p>' };
    if (type === 'ita_results') return { type: 'ita_results', assessmentYear: Number(report.fiscalYear) - 1 || 2500, overall: { score: 0 } };
    if (type === 'issue') return { type: 'issue', number: report.sections.filter(function (x) { return x.type === 'issue'; }).length + 1, title: '' };
    var columns = PRESETS.implementation_results.map(function (c) { return { heading: c[0], role: c[1] }; });
    return { type: 'measures_table', columnSet: 'implementation_results', columns: columns, groups: [{ rows: [{ cells: columns.map(function () { return ''; }) }] }] };
  }
  function render(focus) {
    boxes = {};
    if (toolbar.node.parentNode) toolbar.node.parentNode.removeChild(toolbar.node);
    toolbar.node.hidden = true;
    toolbar.target = null;
    root.innerHTML = '';
    var memo = state.memo;
    root.appendChild(el('fieldset', {}, [el('legend', { text: 'บันทึกข้อความ' }),
      input('ส่วนราชการ', memo, 'issuingUnit', { max: SHORT, path: 'memo.issuingUnit' }), input('โทร.', memo, 'phone', { optional: true, max: 100, path: 'memo.phone' }),
      input('เรื่อง', memo, 'subject', { required: true, max: 250, path: 'memo.subject' }),
      input('เรียน', memo, 'addressee', { max: SHORT, path: 'memo.addressee' }), input('ผ่าน', memo, 'via', { optional: true, max: SHORT, path: 'memo.via' }),
      listEditor('ข้อความ (ย่อหน้า)', memo.body, 'memo.body'), listEditor('สิ่งที่ส่งมาด้วย', ensureList(memo, 'attachments'), 'memo.attachments'),
      input('ผู้ลงนาม (ชื่อ)', memo.signer, 'name', { max: SHORT, path: 'memo.signer.name' }), input('ตำแหน่งผู้ลงนาม', memo.signer, 'position', { max: SHORT, path: 'memo.signer.position' })]));
    var report = state.report;
    var period = select('รอบการรายงาน', [['full_year', 'ทั้งปี'], ['half_year', 'รอบ ๖ เดือน']], report.period, function (value) { report.period = value; changed(); }, { 'aria-label': null });
    var periodBox = newBox('รอบการรายงาน', period);
    register('report.period', periodBox);
    root.appendChild(el('fieldset', {}, [el('legend', { text: 'รายงาน' }), input('ชื่อรายงาน (ขึ้นบรรทัดใหม่ได้)', report, 'title', { required: true, multiline: true, max: 250, path: 'report.title' }),
      input('ชื่อรอง', report, 'subtitle', { optional: true, max: SHORT, path: 'report.subtitle' }),
      input('หน่วยงาน (บรรทัดใต้ชื่อ)', report, 'issuer', { optional: true, multiline: true, max: SHORT, path: 'report.issuer' }),
      input('ปีงบประมาณ (พ.ศ.)', report, 'fiscalYear', { number: YEAR, path: 'report.fiscalYear' }),
      el('label', { for: periodBox.id, text: 'รอบการรายงาน' }), period, periodBox.error]));
    report.sections.forEach(function (section, i) {
      var at = 'report.sections.' + i;
      var tools = itemTools(report.sections, i, { name: 'ส่วนที่ ' + (i + 1), focus: 'report.sections', removeText: 'ลบส่วนนี้', confirm: 'ลบส่วนนี้?' });
      var card = el('section', { class: 'card' }, [el('h3', {}, [el('span', { text: (i + 1) + '. ' + (SECTION_TITLES[section.type] || section.type) }), el('span', {}, tools)])]);
      if (section.type === 'narrative') { card.appendChild(input('หัวข้อ (ถ้ามี)', section, 'heading', { optional: true, max: SHORT, path: at + '.heading' })); card.appendChild(rich(section, 'body', 'ข้อความ', at + '.body').wrap); }
      if (section.type === 'ita_results') card.appendChild(itaEditor(section, at));
      if (section.type === 'issue') {
        [['ประเด็นที่', 'number', { number: ORDINAL }], ['ชื่อประเด็น', 'title', { max: SHORT }], ['มาตรการ/โครงการ/กิจกรรม', 'measure', { optional: true, max: SHORT }], ['ผู้รับผิดชอบ', 'responsible', { optional: true, max: SHORT }], ['ระยะเวลา', 'period', { optional: true, max: SHORT }]]
          .forEach(function (f) { card.appendChild(input(f[0], section, f[1], Object.assign({ path: at + '.' + f[1] }, f[2]))); });
        card.appendChild(rich(section, 'sourceQuestion', 'ข้อคำถามที่นำมาวิเคราะห์', at + '.sourceQuestion').wrap);
        card.appendChild(rich(section, 'facts', 'ข้อเท็จจริง', at + '.facts').wrap);
        card.appendChild(listEditor('ขั้นตอนหรือวิธีการปฏิบัติ', ensureList(section, 'steps'), at + '.steps'));
      }
      if (section.type === 'measures_table') card.appendChild(tableEditor(section, at));
      // A kind this page does not edit yet (e.g. ITA scores per tool) is kept exactly as it is.
      if (!SECTION_TITLES[section.type]) card.appendChild(el('p', { class: 'muted', text: 'ส่วนนี้แก้ไขในหน้านี้ไม่ได้ เนื้อหาคงเดิมทุกประการ (แก้ได้ทางส่งออก/นำเข้า JSON)' }));
      root.appendChild(card);
    });
    var kind = select('ชนิดของส่วนที่จะเพิ่ม', [['measures_table', 'ตารางมาตรการ'], ['narrative', 'ข้อความ'], ['ita_results', 'ผลคะแนน ITA'], ['issue', 'ประเด็น']], 'measures_table', function () {});
    root.appendChild(el('div', { class: 'field-row add-section' }, [kind, button('+ เพิ่มส่วน', 'เพิ่มส่วน (ชนิดที่เลือก)', function () {
      report.sections.push(newSection(kind.value));
      changed(); render('report.sections.' + (report.sections.length - 1) + '.down');
      announce('เพิ่มส่วนที่ ' + report.sections.length + ' (' + SECTION_TITLES[kind.value] + ') แล้ว');
    }, { 'data-focus': 'report.sections.add' })]));
    var target = focus && root.querySelector('[data-focus="' + focus + '"]');
    if (target) target.focus();
  }

  // ---- Problems --------------------------------------------------------------------------------------------------

  /** The field shown for `path`, or for the nearest enclosing field that has one (a row for its cell count …). */
  function boxFor(path) {
    for (var p = path; p; p = p.replace(/\.?[^.]*$/, '')) if (boxes[p]) return boxes[p];
    return null;
  }
  /** The server's problems beside their fields, and listed above the form with links to them. */
  function showProblems(problems, message) {
    serverProblems = problems || [];
    var byPath = {};
    serverProblems.forEach(function (f) { byPath[f.field] = f.message; });
    Object.keys(boxes).forEach(function (path) { boxes[path].server = byPath[path] || null; show(boxes[path]); });
    problemsEl.innerHTML = '';
    problemsEl.hidden = serverProblems.length === 0 && !message;
    if (problemsEl.hidden) return;
    problemsEl.appendChild(el('h2', { id: 'problems-heading', tabindex: '-1', text: message || 'ช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม (' + serverProblems.length + ' ช่อง)' }));
    if (message && serverProblems.length) problemsEl.appendChild(el('p', { text: 'ช่องที่ต้องแก้ไข ' + serverProblems.length + ' ช่อง:' }));
    if (!message) problemsEl.appendChild(el('p', { class: 'muted', text: 'ร่างนี้บันทึกไว้แล้วทุกตัวอักษร แก้ช่องเหล่านี้ก่อนเสนอแฟ้ม' }));
    var list = el('ul', {});
    serverProblems.forEach(function (f) {
      var box = boxFor(f.field);
      var name = f.label || (box && box.label) || 'ช่องหนึ่งในเอกสาร';
      if (box && box.path !== f.field && !box.server) { box.server = f.message; show(box); }
      list.appendChild(el('li', {}, [
        box ? el('a', { href: '#' + box.id, text: name, on: { click: function (e) { e.preventDefault(); box.control.focus(); } } }) : el('span', { text: name }),
        ': ' + f.message,
      ]));
    });
    problemsEl.appendChild(list);
  }

  // ---- Saving ----------------------------------------------------------------------------------------------------

  var SAVE_DELAY = 1500;
  var timer = null;
  var localTimer = null;
  var edits = 0; // changes made in this page
  var savedEdits = 0; // of which the server has all up to here
  var inflight = null;
  var stopped = null; // why saving stopped for good (the memo was submitted meanwhile, …)

  function clean(value) {
    return JSON.parse(JSON.stringify(value, function (k, v) { return Array.isArray(v) && v.length === 0 && madeUp.has(v) ? undefined : v; }));
  }
  function unsaved() { return edits > savedEdits; }
  function writeLocal() {
    clearTimeout(localTimer);
    if (!unsaved()) return;
    try { localStorage.setItem(storageKey, JSON.stringify({ report: clean(state.report), memo: clean(state.memo), version: state.version, at: Date.now() })); } catch (e) { /* storage full or off */ }
  }
  function changed() {
    edits++;
    if (!stopped) statusEl.textContent = 'มีการแก้ไขที่ยังไม่บันทึก…';
    clearTimeout(localTimer);
    localTimer = setTimeout(writeLocal, 300);
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY);
  }
  function time() { return new Date().toLocaleTimeString('th-TH'); }
  function savedStatus(result) {
    var n = result.problems.length;
    return 'บันทึกแล้ว ' + time() + (n ? ' (เก็บเป็นร่าง มีช่องที่ต้องแก้ไขก่อนเสนอแฟ้ม ' + n + ' ช่อง)' : '');
  }
  /**
   * Sends the typing to the server (one request at a time); resolves with the server's answer once it has every
   * edit made so far, or with null when saving failed (the status line says why; the local copy stays).
   */
  function save(options) {
    clearTimeout(timer);
    if (stopped) return Promise.resolve(null);
    if (inflight) return inflight.then(function () { return unsaved() ? save(options) : lastResult; });
    if (!unsaved() && lastResult) return Promise.resolve(lastResult);
    var sending = edits;
    var body = JSON.stringify({ report: clean(state.report), memo: clean(state.memo), version: state.version });
    statusEl.textContent = 'กำลังบันทึก…';
    inflight = fetch('/api/reports/' + id + '/draft', {
      method: 'PUT', credentials: 'same-origin', keepalive: !!(options && options.keepalive) && body.length < 60000,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body,
    })
      .then(function (res) { return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, json: json }; }); })
      .then(function (r) {
        inflight = null;
        if (r.status === 200) {
          state.version = r.json.version;
          savedEdits = sending;
          lastResult = r.json;
          showProblems(r.json.problems, null);
          if (r.json.savedAs === 'document') previewSaved(r.json.version);
          previewNote(r.json.problems.length > 0);
          if (unsaved()) { writeLocal(); statusEl.textContent = 'มีการแก้ไขที่ยังไม่บันทึก…'; timer = setTimeout(save, 300); return r.json; }
          try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
          statusEl.textContent = savedStatus(r.json);
          return r.json;
        }
        writeLocal();
        if (r.status === 401 || r.status === 403) {
          statusEl.textContent = 'ยังไม่ได้บันทึก: เซสชันหมดอายุ การแก้ไขถูกเก็บไว้ในเครื่องนี้แล้ว กรุณาเข้าสู่ระบบใหม่แล้วเปิดหน้านี้อีกครั้ง';
        } else if (r.status === 409) {
          stopped = r.json.code === 'VERSION_CONFLICT' ? 'conflict' : 'closed';
          statusEl.textContent = 'ยังไม่ได้บันทึก: ' + (r.json.message || 'เอกสารถูกเปลี่ยนไปแล้ว') + ' (การแก้ไขถูกเก็บไว้ในเครื่องนี้)';
        } else if (r.status === 429 || r.status >= 500) {
          statusEl.textContent = 'ยังไม่ได้บันทึก: ' + (r.json.message || 'ระบบไม่พร้อม') + ' จะลองบันทึกอีกครั้ง (การแก้ไขถูกเก็บไว้ในเครื่องนี้)';
          timer = setTimeout(save, 5000);
        } else {
          statusEl.textContent = 'ยังไม่ได้บันทึก: ' + (r.json.message || 'บันทึกไม่สำเร็จ');
          showProblems(r.json.fields, r.json.message || 'บันทึกไม่สำเร็จ');
        }
        return null;
      })
      .catch(function () {
        inflight = null;
        writeLocal();
        statusEl.textContent = 'ยังไม่ได้บันทึก: เชื่อมต่อไม่ได้ การแก้ไขถูกเก็บไว้ในเครื่องนี้ จะลองบันทึกอีกครั้ง';
        timer = setTimeout(save, 5000);
        return null;
      });
    return inflight;
  }
  var lastResult = { problems: serverProblems, savedAs: loaded.pending ? 'draft' : 'document', version: state.version };

  // Leaving or hiding the page: what is not saved yet goes to the server at once, and stays in this browser.
  function flushOnLeave() {
    if (!unsaved()) return;
    writeLocal();
    if (!inflight) save({ keepalive: true });
  }
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flushOnLeave(); });
  window.addEventListener('pagehide', flushOnLeave);
  window.addEventListener('beforeunload', function (e) { if (unsaved()) { writeLocal(); e.preventDefault(); e.returnValue = ''; } });

  // ---- Submitting from the editor --------------------------------------------------------------------------------

  if (submitButton) submitButton.addEventListener('click', function () {
    var event = submitButton.getAttribute('data-event');
    ask(submitButton.getAttribute('data-confirm'), function () {
      submitButton.disabled = true;
      statusEl.textContent = 'กำลังบันทึกก่อนเสนอแฟ้ม…';
      // Every edit reaches the server first: SUBMIT then judges exactly what is on the screen.
      function settle() { return save().then(function (saved) { return saved && unsaved() ? settle() : saved; }); }
      settle().then(function (saved) {
        if (!saved) { submitButton.disabled = false; return null; }
        statusEl.textContent = 'กำลังเสนอแฟ้ม…';
        return fetch('/api/memos/' + id + '/transitions', {
          method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ event: event, version: state.version }),
        }).then(function (res) { return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, json: json }; }); });
      }).then(function (r) {
        if (!r) return;
        if (r.status === 200 || r.status === 201) { window.location.assign('/memos/' + id + '?done=' + event); return; }
        submitButton.disabled = false;
        statusEl.textContent = 'เสนอแฟ้มไม่ได้: ' + (r.json.message || 'กรุณาลองอีกครั้ง');
        showProblems(r.json.fields || serverProblems, r.json.message || 'เสนอแฟ้มไม่ได้');
        var heading = document.getElementById('problems-heading');
        if (heading) heading.focus();
      }).catch(function () { submitButton.disabled = false; statusEl.textContent = 'เสนอแฟ้มไม่ได้: เชื่อมต่อไม่ได้ กรุณาลองอีกครั้ง'; });
    });
  });

  // ---- The preview pane ------------------------------------------------------------------------------------------

  // The PDF of the last valid version, refreshed 1.5 s after the save that changed it, one request at a time. The
  // next frame loads out of sight and replaces the shown one only once it holds a PDF, so an error (the renderer
  // busy, 429) leaves the last good preview in place.
  var PREVIEW_DELAY = 1500;
  var pane = document.getElementById('preview-pane');
  var preview = pane && {
    frames: pane.querySelector('.preview-frames'),
    status: document.getElementById('preview-status'),
    note: document.getElementById('preview-note'),
    retry: document.getElementById('preview-retry'),
    open: document.getElementById('preview-open'),
    toggle: document.getElementById('preview-toggle'),
    wide: window.matchMedia('(min-width: 1100px)'),
    version: state.version, shown: null, loading: null, timer: null, lastSave: 0,
  };
  function previewVisible() { return preview.wide.matches || preview.toggle.getAttribute('aria-expanded') === 'true'; }
  function schedulePreview(delay) { clearTimeout(preview.timer); preview.timer = setTimeout(loadPreview, delay); }
  function previewSaved(version) { if (!preview) return; preview.version = version; preview.lastSave = Date.now(); schedulePreview(PREVIEW_DELAY); }
  function previewNote(pending) { if (preview && preview.note) preview.note.hidden = !pending; }
  function previewStatus(text, failed) {
    preview.status.textContent = text;
    preview.status.classList.toggle('field-error', failed);
    preview.retry.hidden = !failed;
  }
  function loadPreview() {
    if (preview.loading || !previewVisible() || preview.shown === preview.version) return;
    var version = preview.version;
    var url = '/memos/' + encodeURIComponent(id) + '/preview.pdf?v=' + version;
    var frame = el('iframe', { class: 'preview-frame is-loading', title: 'ตัวอย่าง PDF ฉบับร่าง', src: url });
    var watchdog = setTimeout(function () { done('ตัวอย่างใช้เวลานานเกินไป'); }, 120000);
    function done(failure) {
      clearTimeout(watchdog);
      if (preview.loading !== frame) return;
      preview.loading = null;
      if (failure) {
        frame.remove();
        previewStatus('ปรับตัวอย่างไม่สำเร็จ: ' + failure, true);
        return;
      }
      var old = document.getElementById('preview-frame');
      if (old) old.remove();
      frame.id = 'preview-frame';
      frame.classList.remove('is-loading');
      preview.shown = version;
      preview.open.href = url;
      previewStatus('ตัวอย่างล่าสุด เวลา ' + time(), false);
      if (preview.version !== version) schedulePreview(Math.max(0, preview.lastSave + PREVIEW_DELAY - Date.now()));
    }
    frame.addEventListener('load', function () {
      var doc = null;
      try { doc = frame.contentDocument; } catch (e) { /* unreadable: the browser's own error page */ }
      if (doc && doc.contentType === 'application/pdf') { done(null); return; }
      var message = '';
      try { message = JSON.parse(doc.body.textContent).message || ''; } catch (e) { /* not Kasian's JSON error */ }
      done(message || 'กรุณาลองอีกครั้ง');
    });
    preview.loading = frame;
    previewStatus('กำลังปรับตัวอย่าง…', false);
    preview.frames.appendChild(frame);
  }
  if (preview) {
    preview.toggle.addEventListener('click', function () {
      var open = preview.toggle.getAttribute('aria-expanded') !== 'true';
      preview.toggle.setAttribute('aria-expanded', String(open));
      preview.toggle.textContent = open ? 'ซ่อนตัวอย่าง PDF' : 'ดูตัวอย่าง PDF';
      pane.classList.toggle('is-open', open);
      loadPreview();
    });
    preview.retry.addEventListener('click', loadPreview);
    preview.wide.addEventListener('change', loadPreview);
  }

  // ---- Starting: the local copy, the JSON import -----------------------------------------------------------------

  /**
   * Typing this browser kept but the server does not have (the page was closed before a save went through, the
   * session ended, the network was down) is put back, with a notice: when it was made on the version the server
   * has now, or after the server's last save.
   */
  function restoreLocal() {
    var local = null;
    try { local = JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { /* unreadable: ignore */ }
    if (!local || !local.report || !local.memo || typeof local.at !== 'number') { try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } return; }
    var server = { report: state.report, memo: state.memo };
    var same = JSON.stringify({ report: local.report, memo: local.memo }) === JSON.stringify(clean(server));
    var newer = local.version === state.version || local.at > Date.parse(loaded.updatedAt);
    if (same || !newer) { try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } return; }
    state.report = local.report;
    state.memo = local.memo;
    restoreEl.hidden = false;
    restoreEl.innerHTML = '';
    restoreEl.appendChild(el('p', { text: 'นำการแก้ไขที่ยังไม่ได้บันทึกจากเครื่องนี้ (เวลา ' + new Date(local.at).toLocaleString('th-TH') + ') กลับมาให้แล้ว และกำลังบันทึกไปยังระบบ' + (local.version === state.version ? '' : ' ฉบับนี้ใหม่กว่าฉบับที่บันทึกไว้ในระบบ') }));
    restoreEl.appendChild(button('ใช้ฉบับที่บันทึกไว้ในระบบแทน', null, function () {
      ask('ทิ้งการแก้ไขจากเครื่องนี้ และกลับไปใช้ฉบับที่บันทึกไว้ในระบบ?', function () {
        state.report = server.report;
        state.memo = server.memo;
        restoreEl.hidden = true;
        changed(); render();
      });
    }));
    edits++;
    timer = setTimeout(save, 100);
  }
  var importer = document.getElementById('import-json');
  if (importer) importer.addEventListener('change', function () {
    var file = importer.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var doc = JSON.parse(text);
      if (doc.format !== 'kasian.document' || !doc.report || !doc.memo) { announce('ไฟล์นี้ไม่ใช่เอกสารของเกษียน'); return; }
      delete doc.memo.documentNumber;
      state.report = doc.report;
      state.memo = doc.memo;
      changed(); render();
      announce('นำเข้า JSON แทนเนื้อหาเดิมแล้ว');
    }).catch(function () { announce('อ่านไฟล์ JSON ไม่ได้'); });
  });

  restoreLocal();
  render();
  if (serverProblems.length) showProblems(serverProblems, null);
  previewNote(!!loaded.pending);
  // A working copy that keeps every rule but is not the document yet (the rules changed since it was saved).
  if (loaded.pending && !serverProblems.length && !unsaved()) { edits++; timer = setTimeout(save, 100); }
  var wanted = /^#field=(.+)$/.exec(window.location.hash);
  if (wanted) { var box = boxFor(decodeURIComponent(wanted[1])); if (box) { box.control.focus(); box.control.scrollIntoView({ block: 'center' }); } }
  if (preview) loadPreview();
})();
