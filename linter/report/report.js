// The record table of a curate report: filter, sort and paginate rows from the embedded JSON.
// State lives in the URL fragment (#filter=PMC100&rule=D001&severity=error&all=1&sort=year&dir=asc&page=2),
// so a link (or a headless browser) can open the page already filtered.
(function () {
  "use strict";
  var PAGE = 50, SHOWN = 4, started = performance.now();
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var rows = data.rows, messages = data.messages, folders = data.folders, sevs = data.severities;
  var $ = function (id) { return document.getElementById(id); };
  var state = { filter: "", rule: "", severity: "", all: false, sort: "problems", dir: "desc", page: 1 };
  var defaults = JSON.parse(JSON.stringify(state));
  var haystacks = null, current = [];

  // per-row counts by severity and a sort score, computed once
  var counts = rows.map(function (r) {
    var c = [0, 0, 0];
    r[4].forEach(function (d) { c[d[3]] += 1; });
    return c;
  });
  var withProblems = rows.filter(function (r) { return r[4].length; }).length;
  var score = counts.map(function (c) { return c[2] * 1e8 + c[1] * 1e4 + c[0]; });

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  function path(r) { var f = folders[r[0]][0]; return f ? f + "/" + r[1] : r[1]; }
  function href(r) { var f = folders[r[0]][1]; return (f ? f + "/" : "") + encodeURIComponent(r[1]); }
  function haystack(i) {
    if (!haystacks) {
      haystacks = rows.map(function (r) {
        var parts = [r[2], path(r), r[3]];
        r[4].forEach(function (d) {
          var rule = data.rules[d[2]];
          parts.push(d[2], rule ? rule[0] : "", messages[d[4]]);
        });
        return parts.join("\n").toLowerCase();
      });
    }
    return haystacks[i];
  }

  function matches() {
    var terms = state.filter.toLowerCase().split(/\s+/).filter(Boolean);
    var sev = sevs.indexOf(state.severity), out = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (!state.all && !r[4].length) continue;
      if (sev >= 0 && !counts[i][sev]) continue;
      if (state.rule && !r[4].some(function (d) { return d[2] === state.rule; })) continue;
      if (terms.length) {
        var text = haystack(i), ok = true;
        for (var t = 0; t < terms.length && ok; t++) ok = text.indexOf(terms[t]) !== -1;
        if (!ok) continue;
      }
      out.push(i);
    }
    var key = {
      figid: function (i) { return rows[i][2]; },
      year: function (i) { return rows[i][3]; },
      problems: function (i) { return score[i]; }
    }[state.sort] || function (i) { return score[i]; };
    var sign = state.dir === "asc" ? 1 : -1;
    out.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x < y) return -sign;
      if (x > y) return sign;
      return a - b;
    });
    return out;
  }

  function diagnosticsHtml(r) {
    var items = r[4].map(function (d) {
      var rule = data.rules[d[2]];
      return '<li><span class="sev ' + sevs[d[3]] + '" title="' + esc((rule ? rule[0] + ", " : "") + sevs[d[3]]) +
        '">' + esc(d[2]) + "</span>" +
        '<span class="loc">' + d[0] + ":" + d[1] + "</span>" + esc(messages[d[4]]) +
        (d[5] ? '<span class="fixable">[' + (d[5] === 1 ? "fix" : "unsafe fix") + "]</span>" : "") + "</li>";
    });
    if (!items.length) return '<span class="muted">none</span>';
    var html = "<ul>" + items.slice(0, SHOWN).join("") + "</ul>";
    if (items.length > SHOWN) {
      html += "<details><summary>" + (items.length - SHOWN) + " more</summary><ul>" +
        items.slice(SHOWN).join("") + "</ul></details>";
    }
    return html;
  }

  function render() {
    var begun = performance.now();
    current = matches();
    var pages = Math.max(1, Math.ceil(current.length / PAGE));
    state.page = Math.min(Math.max(1, state.page), pages);
    var start = (state.page - 1) * PAGE, html = [];
    current.slice(start, start + PAGE).forEach(function (i) {
      var r = rows[i], c = counts[i];
      var tally = [[c[2], "e"], [c[1], "w"], [c[0], "i"]].filter(function (p) { return p[0]; })
        .map(function (p) { return '<b class="' + p[1] + '">' + p[0] + "</b>"; }).join(" · ");
      var folder = folders[r[0]][0].split("/").pop();
      html.push('<tr data-figid="' + esc(r[2]) + '"><td class="fig"><a class="figure" href="' +
        esc(data.figure.replace("{figid}", encodeURIComponent(r[2]))) + '" title="figure page on pfocr.wikipathways.org">' +
        esc(r[2]) + '</a><br><a class="file" href="' + esc(href(r)) + '" title="' + esc(path(r)) + '">' +
        esc((folder ? folder + "/" : "") + r[1]) + "</a></td><td>" + esc(r[3] === "unknown" ? "?" : r[3]) +
        '</td><td class="num counts">' + (tally || "0") + "</td><td>" + diagnosticsHtml(r) + "</td></tr>");
    });
    $("records").tBodies[0].innerHTML = html.join("");
    $("records").setAttribute("data-matching", current.length);
    $("records").setAttribute("data-render-ms", Math.round(performance.now() - begun));
    var scope = state.all ? "records" : "records with problems";
    var total = state.all ? rows.length : withProblems;
    $("status").textContent = current.length
      ? "showing " + (start + 1) + "–" + Math.min(start + PAGE, current.length) + " of " + current.length +
        " matching " + scope + " (" + total + " in all)"
      : "no matching " + scope + " (" + total + " in all)";
    $("page").textContent = "page " + state.page + " of " + pages;
    $("prev").disabled = state.page <= 1;
    $("next").disabled = state.page >= pages;
    Array.prototype.forEach.call(document.querySelectorAll("#records th[data-sort]"), function (th) {
      var on = th.getAttribute("data-sort") === state.sort;
      th.setAttribute("aria-sort", on ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
    save();
  }

  function save() {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      if (state[k] !== defaults[k]) parts.push(k + "=" + encodeURIComponent(state[k] === true ? "1" : state[k]));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash && (location.hash || hash)) {
      try { history.replaceState(null, "", hash || location.pathname + location.search); } catch (e) { /* file: */ }
    }
  }

  function load() {
    var text = location.hash.replace(/^#/, "");
    Object.keys(defaults).forEach(function (k) { state[k] = defaults[k]; });
    text.split("&").filter(Boolean).forEach(function (pair) {
      var at = pair.indexOf("="), k = at < 0 ? pair : pair.slice(0, at);
      var v = at < 0 ? "1" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      if (!(k in state)) return;
      if (k === "all") state.all = v === "1" || v === "true";
      else if (k === "page") state.page = parseInt(v, 10) || 1;
      else state[k] = v;
    });
    $("filter").value = state.filter;
    $("rule").value = state.rule;
    $("severity").value = state.severity;
    $("all").checked = state.all;
  }

  var timer = null;
  $("filter").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.filter = $("filter").value; state.page = 1; render(); }, 120);
  });
  $("rule").addEventListener("change", function () { state.rule = this.value; state.page = 1; render(); });
  $("severity").addEventListener("change", function () { state.severity = this.value; state.page = 1; render(); });
  $("all").addEventListener("change", function () { state.all = this.checked; state.page = 1; render(); });
  $("prev").addEventListener("click", function () { state.page -= 1; render(); });
  $("next").addEventListener("click", function () { state.page += 1; render(); });
  Array.prototype.forEach.call(document.querySelectorAll("#records th[data-sort]"), function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      state.dir = state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : (key === "problems" ? "desc" : "asc");
      state.sort = key;
      state.page = 1;
      render();
    });
  });
  window.addEventListener("hashchange", function () { load(); render(); });
  load();
  render();
  $("records").setAttribute("data-ready-ms", Math.round(performance.now() - started));
})();
