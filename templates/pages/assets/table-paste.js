// Kasian: rows pasted from Excel, Word or a web page into a table of the document editor.
// The clipboard's HTML table is read first (it says where cells begin and end, and which are merged); without one,
// the plain text is read as Excel writes it: tab-separated, a cell holding a line break or a quote written in
// double quotes with its quotes doubled. Plain JavaScript without the DOM, so that unit tests run the same code.
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.KasianPaste = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MAX_SPAN = 300;
  var ENTITIES = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', times: '×', deg: '°', shy: '' };
  // Content of these elements is never text of a cell.
  var RAW = { style: true, script: true, title: true, template: true, textarea: true, xml: true, head: true };
  // Elements that end a line inside a cell.
  var BLOCK = { p: true, div: true, li: true, h1: true, h2: true, h3: true, h4: true, h5: true, h6: true, tr: true, table: true, ul: true, ol: true, blockquote: true, pre: true };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (all, name) {
      if (name[0] === '#') {
        var code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      var known = ENTITIES[name.toLowerCase()];
      return known === undefined ? all : known;
    });
  }

  function attributes(source) {
    var found = {};
    var re = /([^\s=\/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
    var m;
    while ((m = re.exec(source))) found[m[1].toLowerCase()] = decode(m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4] || '');
    return found;
  }

  /** The HTML as open/close/text tokens; comments, doctypes, Office's conditional comments and raw text are dropped. */
  function tokens(html) {
    var out = [];
    var i = 0;
    var n = html.length;
    var tagName = /<(\/?)([A-Za-z][\w:.-]*)/y;
    while (i < n) {
      var lt = html.indexOf('<', i);
      if (lt < 0) { out.push({ type: 'text', text: html.slice(i) }); break; }
      if (lt > i) out.push({ type: 'text', text: html.slice(i, lt) });
      if (html.startsWith('<!--', lt)) {
        var close = html.indexOf('-->', lt + 4);
        i = close < 0 ? n : close + 3;
        continue;
      }
      if (html[lt + 1] === '!' || html[lt + 1] === '?') {
        var gt = html.indexOf('>', lt);
        i = gt < 0 ? n : gt + 1;
        continue;
      }
      tagName.lastIndex = lt;
      var m = tagName.exec(html);
      if (!m) { out.push({ type: 'text', text: '<' }); i = lt + 1; continue; }
      var j = tagName.lastIndex;
      var quote = null;
      for (; j < n; j++) {
        var ch = html[j];
        if (quote) { if (ch === quote) quote = null; } else if (ch === '"' || ch === "'") quote = ch; else if (ch === '>') break;
      }
      var inside = html.slice(tagName.lastIndex, j);
      var name = m[2].toLowerCase();
      i = j + 1;
      if (m[1]) { out.push({ type: 'close', name: name }); continue; }
      out.push({ type: 'open', name: name, attrs: attributes(inside) });
      if (RAW[name] && !/\/\s*$/.test(inside)) {
        var end = html.toLowerCase().indexOf('</' + name, i);
        i = end < 0 ? n : end;
      }
    }
    return out;
  }

  function span(value) {
    var n = parseInt(value, 10);
    return n > 1 ? Math.min(n, MAX_SPAN) : 1;
  }

  /** The rows of the top-level tables in `html`, each cell with its lines and spans; null when there is no table. */
  function htmlRows(html) {
    var rows = [];
    var depth = 0;
    var sawTable = false;
    var head = false;
    var row = null;
    var cell = null;
    function breakLine() { if (cell) { cell.lines.push(cell.line); cell.line = ''; } }
    function endCell() {
      if (!cell) return;
      breakLine();
      cell.lines = cell.lines.map(function (l) { return l.trim(); }).filter(function (l) { return l !== ''; });
      delete cell.line;
      cell = null;
    }
    function endRow() { endCell(); row = null; }
    tokens(html).forEach(function (t) {
      if (t.type === 'text') {
        if (cell) cell.line += decode(t.text).replace(/[\s\u00a0]+/g, ' ');
        return;
      }
      var name = t.name;
      if (name === 'table') {
        if (t.type === 'open') { depth++; sawTable = true; if (depth === 1) return; }
        else { if (depth === 1) { endRow(); depth = 0; return; } if (depth > 1) depth--; }
      }
      if (depth === 1) {
        if (name === 'thead') { head = t.type === 'open'; return; }
        if (name === 'tr') {
          endRow();
          if (t.type === 'open') { row = { header: head, cells: [] }; rows.push(row); }
          return;
        }
        if (name === 'td' || name === 'th') {
          endCell();
          if (t.type === 'open') {
            if (!row) { row = { header: head, cells: [] }; rows.push(row); }
            cell = { lines: [], line: '', colspan: span(t.attrs.colspan), rowspan: span(t.attrs.rowspan), header: name === 'th' };
            row.cells.push(cell);
          }
          return;
        }
      }
      if (!cell) return;
      if (name === 'br' && t.type === 'open') breakLine();
      else if (BLOCK[name]) breakLine();
    });
    endRow();
    return sawTable ? rows : null;
  }

  /**
   * Spreads merged cells over the positions they cover. Each position gets `{ lines, origin, cell }`: `origin` is true
   * at the merged cell's top-left position only.
   */
  function expand(rows) {
    var grid = rows.map(function () { return []; });
    rows.forEach(function (row, r) {
      var c = 0;
      row.cells.forEach(function (cell) {
        while (grid[r][c]) c++;
        for (var dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) {
          for (var dc = 0; dc < cell.colspan; dc++) grid[r + dr][c + dc] = { lines: cell.lines, origin: dr === 0 && dc === 0, cell: cell };
        }
        c += cell.colspan;
      });
    });
    var width = grid.reduce(function (w, row) { return Math.max(w, row.length); }, 0);
    return grid.map(function (row) {
      var full = [];
      for (var c = 0; c < width; c++) full.push(row[c] || { lines: [], origin: true, cell: null });
      return full;
    });
  }

  /**
   * Excel and Word mark no header cells: a first row holding merged cells (a heading over two sub-headings, or one
   * running down two rows) is taken for the header, with the rows its cells run down or group.
   */
  function headerRowCount(rows, grid) {
    var marked = 0;
    while (marked < rows.length && (rows[marked].header || (rows[marked].cells.length > 0 && rows[marked].cells.every(function (c) { return c.header; })))) marked++;
    if (marked > 0) return marked;
    if (!rows.length || isGroupRow(grid[0])) return 0;
    var first = rows[0].cells;
    var down = first.reduce(function (h, c) { return Math.max(h, c.rowspan); }, 1);
    var across = first.some(function (c) { return c.colspan > 1; });
    if (down === 1 && !across) return 0;
    return Math.min(rows.length, Math.max(down, across ? 2 : 1));
  }

  function isGroupRow(positions) {
    return positions.length > 1 && positions[0].cell !== null && positions.every(function (p) { return p.cell === positions[0].cell; }) && positions[0].lines.length > 0;
  }

  /** Excel's text/plain: tab-separated rows; "quoted" cells may hold tabs, line breaks and doubled quotes. */
  function parseTsv(text) {
    function read(quoting) {
      var rows = [];
      var row = [];
      var field = '';
      var fresh = true;
      var quoted = false;
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (quoted) {
          if (ch !== '"') field += ch;
          else if (text[i + 1] === '"') { field += '"'; i++; }
          else quoted = false;
          continue;
        }
        if (ch === '"' && fresh && quoting) { quoted = true; fresh = false; continue; }
        if (ch === '\t') { row.push(field); field = ''; fresh = true; continue; }
        if (ch === '\r' || ch === '\n') {
          if (ch === '\r' && text[i + 1] === '\n') i++;
          row.push(field); rows.push(row);
          row = []; field = ''; fresh = true;
          continue;
        }
        field += ch;
        fresh = false;
      }
      if (quoted) return null;
      if (!fresh || row.length) { row.push(field); rows.push(row); }
      return rows;
    }
    // A quote that never closes was not Excel's quoting: read the text as it is.
    return read(true) || read(false);
  }

  function linesOf(text) {
    return text.split(/\r\n|\r|\n/).map(function (l) { return l.replace(/[\s\u00a0]+/g, ' ').trim(); }).filter(function (l) { return l !== ''; });
  }

  function same(a, b) { return a.replace(/\s+/g, '') === b.replace(/\s+/g, ''); }

  /**
   * What the clipboard holds, as rows of cells (each cell a list of lines):
   * `{ source: 'html' | 'tsv', width, headings: string[] | null, rows: [{ group: string } | { cells: string[][] }] }`.
   * `headings` is the pasted header (merged header cells joined top to bottom: "ผลการดำเนินการ ไตรมาส ๑"), also when
   * the first row repeats `opts.headings` (the table's own headings). A row that is one cell across the whole width
   * is a group heading. Empty rows are left out.
   */
  function parseClipboard(clipboard, opts) {
    opts = opts || {};
    var html = clipboard.html ? htmlRows(clipboard.html) : null;
    var grid;
    var headerRows = 0;
    var source;
    if (html && html.length) {
      source = 'html';
      grid = expand(html);
      headerRows = headerRowCount(html, grid);
    } else {
      source = 'tsv';
      var tsv = parseTsv(clipboard.text || '');
      var cells = tsv.map(function (row) { return row.map(linesOf); });
      var tsvWidth = cells.reduce(function (w, row) { return Math.max(w, row.length); }, 0);
      grid = cells.map(function (row) {
        var full = [];
        for (var c = 0; c < tsvWidth; c++) full.push({ lines: row[c] || [], origin: true, cell: null });
        return full;
      });
    }
    var width = grid.length ? grid[0].length : 0;
    // Columns empty everywhere (a selection one column too wide) are dropped.
    var used = [];
    for (var c = 0; c < width; c++) used.push(grid.some(function (row) { return row[c].lines.length > 0; }));
    while (width > 0 && !used[width - 1]) width--;
    grid = grid.map(function (row) { return row.slice(0, width); });

    var headings = null;
    if (headerRows > 0) {
      headings = [];
      for (var col = 0; col < width; col++) {
        var parts = [];
        for (var r = 0; r < headerRows; r++) {
          var text = grid[r][col].lines.join(' ');
          if (text && parts[parts.length - 1] !== text) parts.push(text);
        }
        headings.push(parts.join(' '));
      }
    } else if (opts.headings && grid.length && width > 0) {
      var first = grid[0].map(function (p) { return p.lines.join(' '); });
      if (first.every(function (t, i) { return opts.headings[i] !== undefined && same(t, opts.headings[i]); })) { headings = first; headerRows = 1; }
    }
    var rows = [];
    grid.slice(headerRows).forEach(function (positions) {
      if (!positions.some(function (p) { return p.lines.length > 0; })) return;
      if (source === 'html' && isGroupRow(positions)) { rows.push({ group: positions[0].lines.join(' ') }); return; }
      rows.push({ cells: positions.map(function (p) { return p.origin ? p.lines : []; }) });
    });
    return { source: source, width: width, headings: headings, rows: rows };
  }

  function escape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** A cell's lines as the document's rich text: one paragraph each. */
  function cellHtml(lines) {
    return lines.map(function (l) { return '<p>' + escape(l) + '</p>'; }).join('');
  }

  return { parseClipboard: parseClipboard, parseTsv: parseTsv, cellHtml: cellHtml, linesOf: linesOf };
});
