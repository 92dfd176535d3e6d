// Kasian document editor: edits the report and its memo as the document format's JSON, saves by itself.
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

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function changed() { dirty = true; statusEl.textContent = 'มีการแก้ไขที่ยังไม่บันทึก…'; clearTimeout(timer); timer = setTimeout(save, 1500); }
  function input(label, obj, key, opts) {
    opts = opts || {};
    var field = el(opts.multiline ? 'textarea' : 'input', { type: 'text', rows: '2' });
    field.value = obj[key] == null ? '' : obj[key];
    field.addEventListener('input', function () {
      var v = field.value;
      if (opts.number) v = v === '' ? undefined : Number(v);
      if (v === '' && opts.optional) delete obj[key]; else obj[key] = v;
      changed();
    });
    var wrap = el('div', {}, [el('label', { text: label }), field]);
    return wrap;
  }
  function rich(obj, key, label) {
    var box = el('div', { class: 'rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label || 'ข้อความ' });
    box.innerHTML = obj[key] || '';
    box.addEventListener('input', function () { obj[key] = box.innerHTML; changed(); });
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
    return el('div', {}, [label ? el('label', { text: label }) : null, bar, box]);
  }
  function listEditor(label, list, onChange) {
    var wrap = el('div', {}, [el('label', { text: label })]);
    function draw() {
      while (wrap.childNodes.length > 1) wrap.removeChild(wrap.lastChild);
      list.forEach(function (item, i) {
        var field = el('textarea', { rows: '2', 'aria-label': label + ' ' + (i + 1) });
        field.value = item;
        field.addEventListener('input', function () { list[i] = field.value; onChange(); });
        wrap.appendChild(el('div', {}, [field, el('button', { type: 'button', class: 'small', text: 'ลบ', on: { click: function () { list.splice(i, 1); onChange(); draw(); } } })]));
      });
      wrap.appendChild(el('button', { type: 'button', class: 'small', text: '+ เพิ่ม', on: { click: function () { list.push(''); onChange(); draw(); } } }));
    }
    draw();
    return wrap;
  }
  function sectionTools(index) {
    var sections = state.report.sections;
    return el('span', {}, [
      el('button', { type: 'button', class: 'small', text: '↑', 'aria-label': 'เลื่อนขึ้น', on: { click: function () { if (index > 0) { sections.splice(index - 1, 0, sections.splice(index, 1)[0]); changed(); render(); } } } }),
      el('button', { type: 'button', class: 'small', text: '↓', 'aria-label': 'เลื่อนลง', on: { click: function () { if (index < sections.length - 1) { sections.splice(index + 1, 0, sections.splice(index, 1)[0]); changed(); render(); } } } }),
      el('button', { type: 'button', class: 'small', text: 'ลบส่วนนี้', on: { click: function () { if (confirm('ลบส่วนนี้?')) { sections.splice(index, 1); changed(); render(); } } } }),
    ]);
  }
  function tableEditor(section) {
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
    wrap.appendChild(input('หัวตาราง (ถ้ามี)', section, 'heading', { optional: true }));
    section.groups.forEach(function (group, g) {
      var card = el('div', { class: 'card' });
      card.appendChild(input('กลุ่ม / ตัวชี้วัด (เว้นว่างได้)', group, 'heading', { optional: true }));
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
        row.cells.forEach(function (_, ci) { tr.appendChild(el('td', {}, [rich(row.cells, ci, 'แถว ' + (r + 1) + ' คอลัมน์ ' + (ci + 1))])); });
        var status = el('select', { 'aria-label': 'สถานะแถว ' + (r + 1) });
        Object.keys(STATUS).forEach(function (k) { var o = el('option', { value: k, text: STATUS[k] }); if ((row.status || '') === k) o.selected = true; status.appendChild(o); });
        status.addEventListener('change', function () { if (status.value) row.status = status.value; else delete row.status; changed(); });
        tr.appendChild(el('td', {}, [status]));
        tr.appendChild(el('td', { class: 'row-tools' }, [
          el('button', { type: 'button', class: 'small', text: '↑', on: { click: function () { if (r > 0) { group.rows.splice(r - 1, 0, group.rows.splice(r, 1)[0]); changed(); render(); } } } }),
          el('button', { type: 'button', class: 'small', text: '↓', on: { click: function () { if (r < group.rows.length - 1) { group.rows.splice(r + 1, 0, group.rows.splice(r, 1)[0]); changed(); render(); } } } }),
          el('button', { type: 'button', class: 'small', text: 'ลบ', on: { click: function () { group.rows.splice(r, 1); changed(); render(); } } }),
        ]));
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
        el('button', { type: 'button', class: 'small', text: '+ เพิ่มแถว', on: { click: function () { group.rows.push({ cells: section.columns.map(function () { return ''; }) }); changed(); render(); } } }),
        el('button', { type: 'button', class: 'small', text: 'ลบกลุ่มนี้', on: { click: function () { if (section.groups.length > 1 && confirm('ลบกลุ่มนี้และทุกแถวในกลุ่ม?')) { section.groups.splice(g, 1); changed(); render(); } } } }),
        paste,
      ]));
      wrap.appendChild(card);
    });
    wrap.appendChild(el('button', { type: 'button', class: 'small', text: '+ เพิ่มกลุ่ม (ตัวชี้วัด)', on: { click: function () { section.groups.push({ heading: 'ตัวชี้วัดที่ ', rows: [{ cells: section.columns.map(function () { return ''; }) }] }); changed(); render(); } } }));
    return wrap;
  }
  function itaEditor(section) {
    var wrap = el('div', {}, [input('ปีที่ประเมิน (พ.ศ.)', section, 'assessmentYear', { number: true }), input('คะแนนรวม', section.overall, 'score', { number: true }), input('ผลการประเมิน (ผ่าน / ไม่ผ่าน / ระดับ)', section.overall, 'result', { optional: true })]);
    section.tools = section.tools || [];
    section.tools.forEach(function (tool, i) {
      wrap.appendChild(el('div', { class: 'card' }, [input('เครื่องมือ (รหัส)', tool, 'code'), input('ชื่อที่แสดง', tool, 'label'), input('คะแนน', tool, 'score', { number: true }),
        el('button', { type: 'button', class: 'small', text: 'ลบ', on: { click: function () { section.tools.splice(i, 1); changed(); render(); } } })]));
    });
    wrap.appendChild(el('button', { type: 'button', class: 'small', text: '+ เพิ่มคะแนนเครื่องมือ', on: { click: function () { section.tools.push({ code: 'IIT', label: 'ผลคะแนน IIT', score: 0 }); changed(); render(); } } }));
    return wrap;
  }
  function render() {
    root.innerHTML = '';
    var memo = state.memo;
    var memoBox = el('fieldset', {}, [el('legend', { text: 'บันทึกข้อความ' }),
      input('ส่วนราชการ', memo, 'issuingUnit'), input('โทร.', memo, 'phone', { optional: true }), input('เรื่อง', memo, 'subject'),
      input('เรียน', memo, 'addressee'), input('ผ่าน', memo, 'via', { optional: true }),
      listEditor('ข้อความ (ย่อหน้า)', memo.body, changed), listEditor('สิ่งที่ส่งมาด้วย', memo.attachments = memo.attachments || [], changed),
      input('ผู้ลงนาม (ชื่อ)', memo.signer, 'name'), input('ตำแหน่งผู้ลงนาม', memo.signer, 'position')]);
    root.appendChild(memoBox);
    var report = state.report;
    var period = el('select', { 'aria-label': 'รอบการรายงาน' });
    [['full_year', 'ทั้งปี'], ['half_year', 'รอบ ๖ เดือน']].forEach(function (p) { var o = el('option', { value: p[0], text: p[1] }); if (report.period === p[0]) o.selected = true; period.appendChild(o); });
    period.addEventListener('change', function () { report.period = period.value; changed(); });
    root.appendChild(el('fieldset', {}, [el('legend', { text: 'รายงาน' }), input('ชื่อรายงาน', report, 'title'), input('ชื่อรอง', report, 'subtitle', { optional: true }),
      input('หน่วยงาน (บรรทัดใต้ชื่อ)', report, 'issuer', { optional: true, multiline: true }), input('ปีงบประมาณ (พ.ศ.)', report, 'fiscalYear', { number: true }),
      el('label', { text: 'รอบการรายงาน' }), period]));
    report.sections.forEach(function (section, i) {
      var titles = { narrative: 'ข้อความ', ita_results: 'ผลคะแนน ITA', issue: 'ประเด็น', measures_table: 'ตารางมาตรการ' };
      var card = el('section', { class: 'card' }, [el('h3', {}, [el('span', { text: (i + 1) + '. ' + titles[section.type] }), sectionTools(i)])]);
      if (section.type === 'narrative') { card.appendChild(input('หัวข้อ (ถ้ามี)', section, 'heading', { optional: true })); card.appendChild(rich(section, 'body', 'ข้อความ')); }
      if (section.type === 'ita_results') card.appendChild(itaEditor(section));
      if (section.type === 'issue') {
        [['ประเด็นที่', 'number', { number: true }], ['ชื่อประเด็น', 'title'], ['มาตรการ/โครงการ/กิจกรรม', 'measure', { optional: true }], ['ผู้รับผิดชอบ', 'responsible', { optional: true }], ['ระยะเวลา', 'period', { optional: true }]]
          .forEach(function (f) { card.appendChild(input(f[0], section, f[1], f[2])); });
        card.appendChild(rich(section, 'sourceQuestion', 'ข้อคำถามที่นำมาวิเคราะห์'));
        card.appendChild(rich(section, 'facts', 'ข้อเท็จจริง'));
        card.appendChild(listEditor('ขั้นตอนหรือวิธีการปฏิบัติ', section.steps = section.steps || [], changed));
      }
      if (section.type === 'measures_table') card.appendChild(tableEditor(section));
      root.appendChild(card);
    });
    var add = el('select', { 'aria-label': 'เพิ่มส่วน' }, [el('option', { value: '', text: '+ เพิ่มส่วน…' }), el('option', { value: 'narrative', text: 'ข้อความ' }), el('option', { value: 'ita_results', text: 'ผลคะแนน ITA' }), el('option', { value: 'issue', text: 'ประเด็น' }), el('option', { value: 'measures_table', text: 'ตารางมาตรการ' })]);
    add.addEventListener('change', function () {
      var s = { narrative: { type: 'narrative', body: '<p></p>' }, ita_results: { type: 'ita_results', assessmentYear: report.fiscalYear - 1, overall: { score: 0 }, tools: [] },
        issue: { type: 'issue', number: report.sections.filter(function (x) { return x.type === 'issue'; }).length + 1, title: '', steps: [] },
        measures_table: { type: 'measures_table', columnSet: 'implementation_results', columns: COLUMN_SETS.implementation_results.map(function (c) { return { heading: c[0], role: c[1] }; }), groups: [{ rows: [{ cells: ['', '', '', '', '', ''] }] }] } }[add.value];
      if (s) { report.sections.push(s); changed(); render(); }
    });
    root.appendChild(add);
  }
  function clean(value) {
    // The format omits empty optional fields rather than storing blanks.
    return JSON.parse(JSON.stringify(value, function (k, v) { return v === undefined ? undefined : v; }));
  }
  function showProblems(fields, message) {
    problemsEl.hidden = false;
    problemsEl.innerHTML = '';
    problemsEl.appendChild(el('p', { text: message }));
    var list = el('ul', {});
    (fields || []).forEach(function (f) { list.appendChild(el('li', { text: f.field + ': ' + f.message })); });
    problemsEl.appendChild(list);
  }
  function save() {
    if (saving) { clearTimeout(timer); timer = setTimeout(save, 800); return; }
    saving = true;
    statusEl.textContent = 'กำลังบันทึก…';
    var memo = clean(state.memo);
    if (memo.attachments && memo.attachments.length === 0) delete memo.attachments;
    var body = JSON.stringify({ report: clean(state.report), memo: memo, version: state.version });
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
    fetch('/api/reports/' + id, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body, credentials: 'same-origin' })
      .then(function (res) { return res.json().then(function (json) { return { status: res.status, json: json }; }); })
      .then(function (r) {
        saving = false;
        if (r.status === 200) {
          state.version = r.json.version;
          dirty = false;
          problemsEl.hidden = true;
          try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
          statusEl.textContent = 'บันทึกแล้ว ' + new Date().toLocaleTimeString('th-TH');
        } else if (r.status === 401 || r.status === 403) {
          statusEl.textContent = 'เซสชันหมดอายุ: การแก้ไขถูกเก็บไว้ในเครื่องนี้แล้ว กรุณาเข้าสู่ระบบใหม่แล้วเปิดหน้านี้อีกครั้ง';
        } else {
          showProblems(r.json.fields, r.json.message || 'บันทึกไม่สำเร็จ');
          statusEl.textContent = 'ยังไม่ได้บันทึก';
        }
      })
      .catch(function () { saving = false; statusEl.textContent = 'เชื่อมต่อไม่ได้ การแก้ไขถูกเก็บไว้ในเครื่องนี้ จะลองบันทึกอีกครั้ง'; timer = setTimeout(save, 5000); });
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
})();
