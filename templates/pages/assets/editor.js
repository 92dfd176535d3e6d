// Kasian document editor: edits the report and its memo as the document format's JSON, saves by itself, and keeps
// the watermarked PDF of the last saved version in a preview pane beside the form.
(function () {
  'use strict';
  var root = document.getElementById('editor-root');
  if (!root) return;
  var id = root.getAttribute('data-id');
  var csrf = root.getAttribute('data-csrf');
  var state = JSON.parse(document.getElementById('doc-data').textContent);
  var storageKey = 'kasian-draft-' + id;
  var statusEl = document.getElementById('save-status');
  var problemsEl = document.getElementById('problems');
  var timer = null;
  var saving = false;
  var dirty = false;

  var COLUMN_SETS = {
    plan_monitoring: [['มาตรการส่งเสริมคุณธรรมและความโปร่งใส', 'measure'], ['ขั้นตอนหรือวิธีการ', 'steps'], ['ผู้รับผิดชอบ', 'responsible'], ['การกำกับติดตาม', 'monitoring']],
    implementation_results: [['มาตรการ/โครงการ/กิจกรรม', 'measure'], ['ขั้นตอน/วิธีการปฏิบัติ', 'steps'], ['ระยะเวลาในการดำเนินการ', 'period'], ['ผู้รับผิดชอบ', 'responsible'], ['ผลการดำเนินการ', 'result'], ['ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ', 'outcome']],
    results_success: [['มาตรการส่งเสริมคุณธรรมและความโปร่งใส', 'measure'], ['ผลการดำเนินการตามมาตรการ', 'result'], ['ความสำเร็จของการดำเนินการ', 'success']],
    indicator_status: [['มาตรการ', 'measure'], ['ผลการดำเนินการ', 'result'], ['ข้อเสนอแนะ', 'suggestion']],
  };
  var SET_NAMES = { plan_monitoring: 'มาตรการ | ขั้นตอน | ผู้รับผิดชอบ | การกำกับติดตาม', implementation_results: 'มาตรการ | ขั้นตอน | ระยะเวลา | ผู้รับผิดชอบ | ผลการดำเนินการ | ผลลัพธ์', results_success: 'มาตรการ | ผลการดำเนินการ | ความสำเร็จ', indicator_status: 'จัดกลุ่มตามตัวชี้วัด พร้อมสถานะ', custom: 'กำหนดเอง' };
  var STATUS = { '': '—', done: 'ดำเนินการแล้ว', in_progress: 'อยู่ระหว่างดำเนินการ', not_started: 'ยังไม่ดำเนินการ' };

  // Limits of docs/document-format.schema.json, worded as the server words them: a value the server would refuse is
  // not sent. The server still decides; what it refuses is shown beside the field the same way.
  var YEAR = { integer: true, min: 2500, max: 2700 };
  var SCORE = { min: 0, max: 100 };
  var ORDINAL = { integer: true, min: 1, max: 99 };
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
  var boxes = {}; // server path → field, so that a refused save points at the field
  var invalid = {}; // field id → what the browser objects to; nothing is saved while one stands
  var lastProblems = []; // the server's field problems from the last refused save
  // Lists the editor made up for an absent optional field: left out again when still empty, so untouched
  // documents go back to the server exactly as they came.
  var madeUp = new WeakSet();

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function ensureList(obj, key) {
    if (!Array.isArray(obj[key])) { obj[key] = []; madeUp.add(obj[key]); }
    return obj[key];
  }
  function changed() { dirty = true; statusEl.textContent = 'มีการแก้ไขที่ยังไม่บันทึก…'; clearTimeout(timer); timer = setTimeout(save, 1500); }

  function arabic(text) { return text.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); }).trim(); }
  function numberProblem(raw, rule, optional) {
    var text = arabic(raw);
    if (text === '') return optional ? null : 'ต้องระบุ';
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return 'ต้องเป็นตัวเลข';
    var n = Number(text);
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
  function mark(box, message) {
    box.error.textContent = message || '';
    box.error.hidden = !message;
    if (message) { box.control.setAttribute('aria-invalid', 'true'); box.control.setAttribute('aria-describedby', box.error.id); }
    else { box.control.removeAttribute('aria-invalid'); box.control.removeAttribute('aria-describedby'); }
  }
  function judge(box, message) {
    if (message) invalid[box.id] = message; else delete invalid[box.id];
    mark(box, message);
  }
  /** A labelled control with room for its error; `opts.path` is the field's name in the server's answers. */
  function field(label, control, opts) {
    var fid = 'field-' + (++fieldSeq);
    control.id = fid;
    var box = { id: fid, label: label + (opts.labelSuffix || ''), control: control, error: el('p', { class: 'field-error', id: fid + '-error', hidden: '' }) };
    var caption = el('label', opts.cellLabel ? { for: fid, class: 'cell-label' } : { for: fid }, [label, opts.labelSuffix ? el('span', { class: 'sr-only', text: opts.labelSuffix }) : null]);
    box.wrap = el('div', { class: 'field' }, [caption, control, box.error]);
    if (opts.path) boxes[opts.path] = box;
    return box;
  }
  function input(label, obj, key, opts) {
    opts = opts || {};
    var control = el(opts.multiline ? 'textarea' : 'input', opts.multiline ? { rows: '2' } : { type: 'text' });
    if (opts.number) control.setAttribute('inputmode', opts.number.integer ? 'numeric' : 'decimal');
    control.value = obj[key] == null ? '' : String(obj[key]);
    var box = field(label, control, opts);
    function problem() { return opts.number ? numberProblem(control.value, opts.number, opts.optional) : textProblem(control.value, opts); }
    judge(box, problem());
    control.addEventListener('input', function () {
      var objection = problem();
      judge(box, objection);
      if (!objection) {
        var value = opts.number ? (arabic(control.value) === '' ? undefined : Number(arabic(control.value))) : control.value;
        if (value === undefined || (value === '' && opts.optional)) delete obj[key]; else obj[key] = value;
      }
      changed();
    });
    return box.wrap;
  }
  function rich(obj, key, label, path) {
    var box = el('div', { class: 'rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label || 'ข้อความ' });
    box.innerHTML = obj[key] || '';
    var error = el('p', { class: 'field-error', hidden: '' });
    if (path) { box.id = 'field-' + (++fieldSeq); error.id = box.id + '-error'; boxes[path] = { id: box.id, label: label || 'ข้อความ', control: box, error: error }; }
    box.addEventListener('input', function () { obj[key] = box.innerHTML; if (path) mark(boxes[path], null); changed(); });
    box.addEventListener('paste', function (e) {
      var text = (e.clipboardData || window.clipboardData).getData('text/plain');
      if (text) {
        e.preventDefault();
        document.execCommand('insertText', false, text);
      }
    });
    var bar = el('div', { class: 'toolbar' }, [
      el('button', { type: 'button', text: 'ตัวหนา', on: { click: function () { box.focus(); document.execCommand('bold'); } } }),
      el('button', { type: 'button', text: 'ขีดเส้นใต้', on: { click: function () { box.focus(); document.execCommand('underline'); } } }),
      el('button', { type: 'button', text: 'รายการเลข', on: { click: function () { box.focus(); document.execCommand('insertOrderedList'); } } }),
      el('button', { type: 'button', text: 'รายการจุด', on: { click: function () { box.focus(); document.execCommand('insertUnorderedList'); } } }),
    ]);
    return el('div', {}, [label ? el('label', { text: label }) : null, bar, box, error]);
  }
  function listEditor(label, list, onChange) {
    var wrap = el('div', {}, [el('label', { text: label })]);
    function draw() {
      while (wrap.childNodes.length > 1) wrap.removeChild(wrap.lastChild);
      list.forEach(function (item, i) {
        var area = el('textarea', { rows: '2', 'aria-label': label + ' ' + (i + 1) });
        area.value = item;
        area.addEventListener('input', function () { list[i] = area.value; onChange(); });
        wrap.appendChild(el('div', {}, [area, el('button', { type: 'button', class: 'small', text: 'ลบ', on: { click: function () { list.splice(i, 1); onChange(); draw(); } } })]));
      });
      wrap.appendChild(el('button', { type: 'button', class: 'small', text: '+ เพิ่ม', on: { click: function () { list.push(''); onChange(); draw(); } } }));
    }
    draw();
    return wrap;
  }
  /**
   * ↑ ↓ and remove for item `index` of `list`; `focus` names the buttons so that the moved item's button keeps the
   * keyboard focus after the form is drawn again. `afterRemove` may tidy up once the item is gone.
   */
  function itemTools(list, index, opts) {
    function move(to) {
      return function () {
        if (to < 0 || to >= list.length) return;
        list.splice(to, 0, list.splice(index, 1)[0]);
        changed(); render(opts.focus + '.' + to + (to < index ? '.up' : '.down'));
      };
    }
    return [
      el('button', { type: 'button', class: 'small', text: '↑', 'aria-label': 'เลื่อน' + opts.name + 'ขึ้น', 'data-focus': opts.focus + '.' + index + '.up', on: { click: move(index - 1) } }),
      el('button', { type: 'button', class: 'small', text: '↓', 'aria-label': 'เลื่อน' + opts.name + 'ลง', 'data-focus': opts.focus + '.' + index + '.down', on: { click: move(index + 1) } }),
      el('button', { type: 'button', class: 'small', text: opts.removeText || 'ลบ', 'aria-label': opts.removeText ? opts.removeText + ' (' + opts.name + ')' : 'ลบ' + opts.name, on: { click: function () {
        if (opts.confirm && !confirm(opts.confirm)) return;
        list.splice(index, 1);
        if (opts.afterRemove) opts.afterRemove();
        changed(); render(opts.focus + '.add');
      } } }),
    ];
  }
  function tableEditor(section, at) {
    var wrap = el('div', {});
    var preset = el('select', { 'aria-label': 'ชุดคอลัมน์' });
    Object.keys(SET_NAMES).forEach(function (k) { var o = el('option', { value: k, text: SET_NAMES[k] }); if (section.columnSet === k) o.selected = true; preset.appendChild(o); });
    preset.addEventListener('change', function () {
      var set = COLUMN_SETS[preset.value];
      section.columnSet = preset.value;
      if (set && confirm('ใช้ชุดคอลัมน์นี้? ข้อมูลในคอลัมน์ที่เกินจะถูกตัดออก')) {
        section.columns = set.map(function (c) { return { heading: c[0], role: c[1] }; });
        section.groups.forEach(function (g) { g.rows.forEach(function (r) { while (r.cells.length < section.columns.length) r.cells.push(''); r.cells.length = section.columns.length; }); });
      }
      changed(); render();
    });
    wrap.appendChild(el('div', {}, [el('label', { text: 'ชุดคอลัมน์' }), preset]));
    wrap.appendChild(input('หัวตาราง (ถ้ามี)', section, 'heading', { optional: true, max: SHORT, path: at + '.heading' }));
    section.groups.forEach(function (group, g) {
      var card = el('div', { class: 'card' });
      card.appendChild(input('กลุ่ม / ตัวชี้วัด (เว้นว่างได้)', group, 'heading', { optional: true, max: SHORT, path: at + '.groups.' + g + '.heading' }));
      var table = el('table', {});
      var head = el('tr', {});
      section.columns.forEach(function (c, ci) {
        var h = el('input', { type: 'text', 'aria-label': 'หัวคอลัมน์ ' + (ci + 1) });
        h.value = c.heading;
        h.addEventListener('input', function () { c.heading = h.value; changed(); });
        head.appendChild(el('th', {}, [h]));
      });
      head.appendChild(el('th', { text: 'สถานะ' }));
      head.appendChild(el('th', { text: '' }));
      table.appendChild(el('thead', {}, [head]));
      var body = el('tbody', {});
      group.rows.forEach(function (row, r) {
        var tr = el('tr', {});
        row.cells.forEach(function (_, ci) { tr.appendChild(el('td', {}, [rich(row.cells, ci, 'แถว ' + (r + 1) + ' คอลัมน์ ' + (ci + 1), at + '.groups.' + g + '.rows.' + r + '.cells.' + ci)])); });
        var status = el('select', { 'aria-label': 'สถานะแถว ' + (r + 1) });
        Object.keys(STATUS).forEach(function (k) { var o = el('option', { value: k, text: STATUS[k] }); if ((row.status || '') === k) o.selected = true; status.appendChild(o); });
        status.addEventListener('change', function () { if (status.value) row.status = status.value; else delete row.status; changed(); });
        tr.appendChild(el('td', {}, [status]));
        tr.appendChild(el('td', { class: 'row-tools' }, itemTools(group.rows, r, { name: 'แถว ' + (r + 1), focus: at + '.groups.' + g + '.rows' })));
        body.appendChild(tr);
      });
      table.appendChild(body);
      card.appendChild(el('div', { class: 'table-wrap' }, [table]));
      var paste = el('textarea', { rows: '2', placeholder: 'วางแถวที่คัดลอกจาก Excel หรือ Word ที่นี่ (แยกคอลัมน์ด้วยแท็บ)', 'aria-label': 'วางแถวจาก Excel หรือ Word' });
      paste.addEventListener('paste', function (e) {
        e.preventDefault();
        var text = (e.clipboardData || window.clipboardData).getData('text/plain');
        text.replace(/\r/g, '').split('\n').filter(function (l) { return l.trim(); }).forEach(function (line) {
          var cells = line.split('\t').map(function (c) { return c.trim() ? '<p>' + c.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + '</p>' : ''; });
          while (cells.length < section.columns.length) cells.push('');
          group.rows.push({ cells: cells.slice(0, section.columns.length) });
        });
        changed(); render();
      });
      card.appendChild(el('div', {}, [
        el('button', { type: 'button', class: 'small', text: '+ เพิ่มแถว', 'data-focus': at + '.groups.' + g + '.rows.add', on: { click: function () { group.rows.push({ cells: section.columns.map(function () { return ''; }) }); changed(); render(); } } }),
        el('button', { type: 'button', class: 'small', text: 'ลบกลุ่มนี้', on: { click: function () { if (section.groups.length > 1 && confirm('ลบกลุ่มนี้และทุกแถวในกลุ่ม?')) { section.groups.splice(g, 1); changed(); render(); } } } }),
        paste,
      ]));
      wrap.appendChild(card);
    });
    wrap.appendChild(el('button', { type: 'button', class: 'small', text: '+ เพิ่มกลุ่ม (ตัวชี้วัด)', on: { click: function () { section.groups.push({ heading: 'ตัวชี้วัดที่ ', rows: [{ cells: section.columns.map(function () { return ''; }) }] }); changed(); render(); } } }));
    return wrap;
  }
  /** The tools or indicators of an ITA section as a table of rows: add, remove, reorder, every field editable. */
  function scoreTable(section, key, at) {
    var spec = SCORE_TABLES[key];
    var list = section[key] || [];
    var prefix = at + '.' + key;
    var head = el('tr', {}, spec.columns.map(function (c) { return el('th', { scope: 'col', text: c[0] }); }).concat([el('th', { scope: 'col', text: 'ลำดับ / ลบ' })]));
    var body = el('tbody', {});
    list.forEach(function (row, r) {
      var suffix = ' (' + spec.noun + 'แถวที่ ' + (r + 1) + ')';
      var cells = spec.columns.map(function (c) {
        var opts = Object.assign({ path: prefix + '.' + r + '.' + c[1], cellLabel: true, labelSuffix: suffix }, c[2]);
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
    body.querySelectorAll('tr').forEach(function (tr, r) { tr.querySelector('input').setAttribute('data-focus', prefix + '.' + r + '.first'); });
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
      rich(section, 'note', 'หมายเหตุใต้ตาราง (ถ้ามี)', at + '.note'),
    ]);
  }
  function render(focus) {
    boxes = {};
    invalid = {};
    root.innerHTML = '';
    var memo = state.memo;
    var memoBox = el('fieldset', {}, [el('legend', { text: 'บันทึกข้อความ' }),
      input('ส่วนราชการ', memo, 'issuingUnit', { max: SHORT, path: 'memo.issuingUnit' }), input('โทร.', memo, 'phone', { optional: true, max: 100, path: 'memo.phone' }),
      input('เรื่อง', memo, 'subject', { required: true, max: 250, path: 'memo.subject' }),
      input('เรียน', memo, 'addressee', { max: SHORT, path: 'memo.addressee' }), input('ผ่าน', memo, 'via', { optional: true, max: SHORT, path: 'memo.via' }),
      listEditor('ข้อความ (ย่อหน้า)', memo.body, changed), listEditor('สิ่งที่ส่งมาด้วย', ensureList(memo, 'attachments'), changed),
      input('ผู้ลงนาม (ชื่อ)', memo.signer, 'name', { max: SHORT, path: 'memo.signer.name' }), input('ตำแหน่งผู้ลงนาม', memo.signer, 'position', { max: SHORT, path: 'memo.signer.position' })]);
    root.appendChild(memoBox);
    var report = state.report;
    var period = el('select', { 'aria-label': 'รอบการรายงาน' });
    [['full_year', 'ทั้งปี'], ['half_year', 'รอบ ๖ เดือน']].forEach(function (p) { var o = el('option', { value: p[0], text: p[1] }); if (report.period === p[0]) o.selected = true; period.appendChild(o); });
    period.addEventListener('change', function () { report.period = period.value; changed(); });
    root.appendChild(el('fieldset', {}, [el('legend', { text: 'รายงาน' }), input('ชื่อรายงาน', report, 'title', { required: true, max: 250, path: 'report.title' }),
      input('ชื่อรอง', report, 'subtitle', { optional: true, max: SHORT, path: 'report.subtitle' }),
      input('หน่วยงาน (บรรทัดใต้ชื่อ)', report, 'issuer', { optional: true, multiline: true, max: SHORT, path: 'report.issuer' }),
      input('ปีงบประมาณ (พ.ศ.)', report, 'fiscalYear', { number: YEAR, path: 'report.fiscalYear' }),
      el('label', { text: 'รอบการรายงาน' }), period]));
    var titles = { narrative: 'ข้อความ', ita_results: 'ผลคะแนน ITA', issue: 'ประเด็น', measures_table: 'ตารางมาตรการ' };
    report.sections.forEach(function (section, i) {
      var at = 'report.sections.' + i;
      var tools = itemTools(report.sections, i, { name: 'ส่วนที่ ' + (i + 1), focus: 'report.sections', removeText: 'ลบส่วนนี้', confirm: 'ลบส่วนนี้?' });
      var card = el('section', { class: 'card' }, [el('h3', {}, [el('span', { text: (i + 1) + '. ' + titles[section.type] }), el('span', {}, tools)])]);
      if (section.type === 'narrative') { card.appendChild(input('หัวข้อ (ถ้ามี)', section, 'heading', { optional: true, max: SHORT, path: at + '.heading' })); card.appendChild(rich(section, 'body', 'ข้อความ', at + '.body')); }
      if (section.type === 'ita_results') card.appendChild(itaEditor(section, at));
      if (section.type === 'issue') {
        [['ประเด็นที่', 'number', { number: ORDINAL }], ['ชื่อประเด็น', 'title', { max: SHORT }], ['มาตรการ/โครงการ/กิจกรรม', 'measure', { optional: true, max: SHORT }], ['ผู้รับผิดชอบ', 'responsible', { optional: true, max: SHORT }], ['ระยะเวลา', 'period', { optional: true, max: SHORT }]]
          .forEach(function (f) { card.appendChild(input(f[0], section, f[1], Object.assign({ path: at + '.' + f[1] }, f[2]))); });
        card.appendChild(rich(section, 'sourceQuestion', 'ข้อคำถามที่นำมาวิเคราะห์', at + '.sourceQuestion'));
        card.appendChild(rich(section, 'facts', 'ข้อเท็จจริง', at + '.facts'));
        card.appendChild(listEditor('ขั้นตอนหรือวิธีการปฏิบัติ', ensureList(section, 'steps'), changed));
      }
      if (section.type === 'measures_table') card.appendChild(tableEditor(section, at));
      root.appendChild(card);
    });
    var add = el('select', { 'aria-label': 'เพิ่มส่วน', 'data-focus': 'report.sections.add' }, [el('option', { value: '', text: '+ เพิ่มส่วน…' }), el('option', { value: 'narrative', text: 'ข้อความ' }), el('option', { value: 'ita_results', text: 'ผลคะแนน ITA' }), el('option', { value: 'issue', text: 'ประเด็น' }), el('option', { value: 'measures_table', text: 'ตารางมาตรการ' })]);
    add.addEventListener('change', function () {
      var s = { narrative: { type: 'narrative', body: '<p></p>' }, ita_results: { type: 'ita_results', assessmentYear: report.fiscalYear - 1, overall: { score: 0 } },
        issue: { type: 'issue', number: report.sections.filter(function (x) { return x.type === 'issue'; }).length + 1, title: '' },
        measures_table: { type: 'measures_table', columnSet: 'implementation_results', columns: COLUMN_SETS.implementation_results.map(function (c) { return { heading: c[0], role: c[1] }; }), groups: [{ rows: [{ cells: ['', '', '', '', '', ''] }] }] } }[add.value];
      if (s) { report.sections.push(s); changed(); render(); }
    });
    root.appendChild(add);
    lastProblems.forEach(function (f) { if (boxes[f.field]) mark(boxes[f.field], f.message); });
    var target = focus && root.querySelector('[data-focus="' + focus + '"]');
    if (target) target.focus();
  }
  function clean(value) {
    return JSON.parse(JSON.stringify(value, function (k, v) { return Array.isArray(v) && v.length === 0 && madeUp.has(v) ? undefined : v; }));
  }
  function showProblems(fields, message) {
    lastProblems = fields || [];
    problemsEl.hidden = false;
    problemsEl.innerHTML = '';
    problemsEl.appendChild(el('p', { text: message }));
    var list = el('ul', {});
    lastProblems.forEach(function (f) {
      var box = boxes[f.field];
      if (box) mark(box, f.message);
      list.appendChild(el('li', {}, [
        box ? el('a', { href: '#' + box.id, text: box.label, on: { click: function (e) { e.preventDefault(); box.control.focus(); } } }) : f.field,
        ': ' + f.message,
      ]));
    });
    problemsEl.appendChild(list);
  }
  function save() {
    if (saving) { clearTimeout(timer); timer = setTimeout(save, 800); return; }
    var objections = Object.keys(invalid).length;
    if (objections) { statusEl.textContent = 'ยังไม่ได้บันทึก: กรุณาแก้ช่องที่มีข้อผิดพลาด (' + objections + ' ช่อง)'; return; }
    saving = true;
    statusEl.textContent = 'กำลังบันทึก…';
    var body = JSON.stringify({ report: clean(state.report), memo: clean(state.memo), version: state.version });
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
    fetch('/api/reports/' + id, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body, credentials: 'same-origin' })
      .then(function (res) { return res.json().then(function (json) { return { status: res.status, json: json }; }); })
      .then(function (r) {
        saving = false;
        if (r.status === 200) {
          state.version = r.json.version;
          dirty = false;
          problemsEl.hidden = true;
          if (lastProblems.length) { lastProblems.forEach(function (f) { if (boxes[f.field]) mark(boxes[f.field], invalid[boxes[f.field].id]); }); lastProblems = []; }
          try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
          statusEl.textContent = 'บันทึกแล้ว ' + new Date().toLocaleTimeString('th-TH');
          previewSaved();
        } else if (r.status === 401 || r.status === 403) {
          statusEl.textContent = 'เซสชันหมดอายุ: การแก้ไขถูกเก็บไว้ในเครื่องนี้แล้ว กรุณาเข้าสู่ระบบใหม่แล้วเปิดหน้านี้อีกครั้ง';
        } else {
          showProblems(r.json.fields, r.json.message || 'บันทึกไม่สำเร็จ');
          statusEl.textContent = 'ยังไม่ได้บันทึก';
        }
      })
      .catch(function () { saving = false; statusEl.textContent = 'เชื่อมต่อไม่ได้ การแก้ไขถูกเก็บไว้ในเครื่องนี้ จะลองบันทึกอีกครั้ง'; timer = setTimeout(save, 5000); });
  }

  // The preview pane: the PDF of the last saved version, refreshed 1.5 s after the last save, one request at a time.
  // The next frame loads out of sight and replaces the shown one only once it holds a PDF, so an error (the renderer
  // busy, 429) leaves the last good preview in place.
  var PREVIEW_DELAY = 1500;
  var pane = document.getElementById('preview-pane');
  var preview = pane && {
    frames: pane.querySelector('.preview-frames'),
    status: document.getElementById('preview-status'),
    retry: document.getElementById('preview-retry'),
    open: document.getElementById('preview-open'),
    toggle: document.getElementById('preview-toggle'),
    wide: window.matchMedia('(min-width: 1100px)'),
    shown: null, loading: null, timer: null, lastSave: 0,
  };
  function previewVisible() { return preview.wide.matches || preview.toggle.getAttribute('aria-expanded') === 'true'; }
  function schedulePreview(delay) { clearTimeout(preview.timer); preview.timer = setTimeout(loadPreview, delay); }
  function previewSaved() { if (!preview) return; preview.lastSave = Date.now(); schedulePreview(PREVIEW_DELAY); }
  function previewStatus(text, failed) {
    preview.status.textContent = text;
    preview.status.classList.toggle('field-error', failed);
    preview.retry.hidden = !failed;
  }
  function loadPreview() {
    if (preview.loading || !previewVisible() || preview.shown === state.version) return;
    var version = state.version;
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
      previewStatus('ตัวอย่างล่าสุด เวลา ' + new Date().toLocaleTimeString('th-TH'), false);
      if (state.version !== version) schedulePreview(Math.max(0, preview.lastSave + PREVIEW_DELAY - Date.now()));
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

  // Restore what a previous session could not save.
  try {
    var saved = localStorage.getItem(storageKey);
    if (saved) {
      var previous = JSON.parse(saved);
      if (previous.version === state.version && confirm('พบการแก้ไขที่ยังไม่ได้บันทึกจากครั้งก่อน ต้องการกู้คืนหรือไม่?')) { state = previous; dirty = true; setTimeout(save, 100); }
      else localStorage.removeItem(storageKey);
    }
  } catch (e) { /* ignore */ }
  var importer = document.getElementById('import-json');
  if (importer) importer.addEventListener('change', function () {
    var file = importer.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var doc = JSON.parse(text);
      if (doc.format !== 'kasian.document' || !doc.report || !doc.memo) { alert('ไฟล์นี้ไม่ใช่เอกสารของเกษียน'); return; }
      delete doc.memo.documentNumber;
      state.report = doc.report;
      state.memo = doc.memo;
      changed(); render();
    }).catch(function () { alert('อ่านไฟล์ JSON ไม่ได้'); });
  });
  window.addEventListener('beforeunload', function (e) { if (dirty) { e.preventDefault(); e.returnValue = ''; } });
  render();
  if (preview) loadPreview();
})();
