/*! Protokollsök widget — MIT. Bädda in:
 *   <script src="https://HOST/widget.js" defer></script>
 *   <protokoll-sok api="https://HOST"></protokoll-sok>
 * Attribut: api, lang ("sv" | "en"), k (antal träffar, 1–50), mode ("search" | "ask" |
 * "decisions"), modes (vilka lägen som visas, t.ex. "search ask"), heading-level (2–6).
 * Allt som kommer från API:t skrivs som text (textContent), aldrig som HTML.
 */
(function () {
  "use strict";

  var TAG = "protokoll-sok";
  var PREFIX = "[protokoll-sok] ";
  // document.currentScript is only set while this file runs, so read it now (also with defer).
  var SCRIPT_BASE = null;
  try {
    var cs = document.currentScript;
    if (cs && cs.src) SCRIPT_BASE = new URL(".", cs.src).href.replace(/\/$/, "");
  } catch (e) { /* ignored: the api attribute then has to be given */ }

  if (!window.customElements || !window.fetch) {
    console.error(PREFIX + "Webbläsaren saknar stöd för custom elements eller fetch.");
    return;
  }
  if (customElements.get(TAG)) return; // loaded twice: keep the first definition

  var TEXTS = {
    sv: {
      region: "Sök i protokollen",
      modes: "Vad vill du göra?",
      search: "Sök", ask: "Ställ en fråga", decisions: "Beslut",
      label_search: "Sök i protokollen",
      label_ask: "Din fråga",
      label_decisions: "Tema, till exempel elevhälsa",
      hint_search: "Träffarna visas medan du skriver.",
      hint_ask: "Skriv en fråga och tryck Enter, till exempel: vem ersatte Karin Torstensson?",
      hint_decisions: "Skriv ett tema och tryck Enter. Tomt fält visar de senaste besluten.",
      submit: "Sök", submit_ask: "Fråga", submit_decisions: "Visa beslut",
      filters: "Avgränsa", from: "Från datum", to: "Till datum", body: "Organ",
      loading: "Söker …",
      empty: "Inga träffar.",
      hits: function (n) { return n === 1 ? "1 träff" : n + " träffar"; },
      decisions_n: function (n) { return n === 1 ? "1 beslut" : n + " beslut"; },
      no_decisions: "Inga beslut hittades.",
      error: "Något gick fel. Försök igen om en stund.",
      error_prefix: "Fel: ",
      network: "Kunde inte nå söktjänsten. Försök igen om en stund.",
      rate: function (s) { return "För många sökningar just nu. Vänta " + s + " sekunder och försök igen."; },
      na_ask: "Frågefunktionen finns inte på den här webbplatsen ännu. Använd sökningen i stället.",
      na_decisions: "Beslutssökningen finns inte på den här webbplatsen ännu. Använd sökningen i stället.",
      not_configured: "Sökningen är inte rätt inställd.",
      answer: "Svar", sources: "Källor", nearest: "Närmaste träffar",
      certainty: "Säkerhet: ", levels: { "hög": "hög", "medel": "medel", "låg": "låg" },
      no_answer: "Jag hittar inget svar på det i protokollen.",
      answered: "Svar med ", sources_n: function (n) { return n === 1 ? "1 källa" : n + " källor"; },
      item: "punkt", page: "s.", outcome: "Utfall", themes: "Tema",
      follow: "Följ", follow_search: "Nya träffar för sökningen som Atom-flöde: ",
      follow_decisions: "Nya beslut som Atom-flöde: ", ocr: "OCR-läst",
      show: "Visa i protokollet", source_of: "Källa ", date: "Datum"
    },
    en: {
      region: "Search the minutes",
      modes: "What do you want to do?",
      search: "Search", ask: "Ask a question", decisions: "Decisions",
      label_search: "Search the minutes",
      label_ask: "Your question",
      label_decisions: "Theme, for example school health",
      hint_search: "Results appear as you type.",
      hint_ask: "Type a question and press Enter.",
      hint_decisions: "Type a theme and press Enter. An empty field shows the latest decisions.",
      submit: "Search", submit_ask: "Ask", submit_decisions: "Show decisions",
      filters: "Narrow down", from: "From date", to: "To date", body: "Body",
      loading: "Searching …",
      empty: "No results.",
      hits: function (n) { return n === 1 ? "1 result" : n + " results"; },
      decisions_n: function (n) { return n === 1 ? "1 decision" : n + " decisions"; },
      no_decisions: "No decisions found.",
      error: "Something went wrong. Please try again later.",
      error_prefix: "Error: ",
      network: "Could not reach the search service. Please try again later.",
      rate: function (s) { return "Too many searches right now. Wait " + s + " seconds and try again."; },
      na_ask: "Questions are not available on this site yet. Please use search instead.",
      na_decisions: "Decision search is not available on this site yet. Please use search instead.",
      not_configured: "Search is not set up correctly.",
      answer: "Answer", sources: "Sources", nearest: "Nearest results",
      certainty: "Confidence: ", levels: { "hög": "high", "medel": "medium", "låg": "low" },
      no_answer: "I cannot find an answer to that in the minutes.",
      answered: "Answer with ", sources_n: function (n) { return n === 1 ? "1 source" : n + " sources"; },
      item: "item", page: "p.", outcome: "Outcome", themes: "Theme",
      follow: "Follow", follow_search: "New results for this search as an Atom feed: ",
      follow_decisions: "New decisions as an Atom feed: ", ocr: "read by OCR",
      show: "Show in the minutes", source_of: "Source ", date: "Date"
    }
  };

  var CSS = [
    ":host{display:block;font-family:var(--ps-font,inherit);font-size:var(--ps-font-size,1rem);",
    "line-height:1.5;color:var(--ps-color,#1b1b1b);background:var(--ps-bg,transparent)}",
    ":host([hidden]),[hidden]{display:none!important}",
    "*{box-sizing:border-box}",
    ".ps{max-width:var(--ps-max-width,48rem)}",
    "fieldset{border:0;margin:0 0 .75em;padding:0;display:flex;flex-wrap:wrap;gap:.5em}",
    "legend{font-weight:600;margin-bottom:.35em;padding:0}",
    ".mode{position:relative}",
    ".mode input{position:absolute;opacity:0;width:1px;height:1px;margin:0}",
    ".mode span{display:inline-block;padding:.35em .9em;border:2px solid var(--ps-accent,#0b57a4);",
    "border-radius:var(--ps-radius,6px);color:var(--ps-accent,#0b57a4);background:var(--ps-bg,#fff);cursor:pointer}",
    ".mode input:checked+span{background:var(--ps-accent,#0b57a4);color:var(--ps-accent-text,#fff);",
    "text-decoration:underline;text-underline-offset:.2em}",
    ".mode input:checked+span::before{content:\"\\2713\\00a0\"}",
    ".mode input:focus-visible+span{outline:3px solid var(--ps-focus,#1b1b1b);outline-offset:2px}",
    "label.field{display:block;font-weight:600;margin-bottom:.25em}",
    ".row{display:flex;flex-wrap:wrap;gap:.5em;align-items:stretch}",
    ".row input{flex:1 1 12em;min-width:0}",
    "input[type=search],input[type=date],input[type=text]{font:inherit;color:var(--ps-color,#1b1b1b);",
    "background:var(--ps-input-bg,#fff);border:2px solid var(--ps-border,#6b6b6b);",
    "border-radius:var(--ps-radius,6px);padding:.45em .6em}",
    "button{font:inherit;font-weight:600;padding:.45em 1.1em;border:2px solid var(--ps-accent,#0b57a4);",
    "border-radius:var(--ps-radius,6px);background:var(--ps-accent,#0b57a4);color:var(--ps-accent-text,#fff);cursor:pointer}",
    "a{color:var(--ps-link,var(--ps-accent,#0b57a4));text-decoration:underline;text-underline-offset:.15em}",
    "a:hover{text-decoration-thickness:2px}",
    ":focus-visible{outline:3px solid var(--ps-focus,#1b1b1b);outline-offset:2px}",
    "input:focus-visible{outline-offset:1px}",
    ".hint{margin:.25em 0 0;color:var(--ps-muted,#4a4a4a);font-size:.9em}",
    "details{margin:.5em 0}",
    "summary{cursor:pointer;color:var(--ps-link,var(--ps-accent,#0b57a4));text-decoration:underline;width:max-content;max-width:100%}",
    ".filters{display:flex;flex-wrap:wrap;gap:.75em;margin-top:.5em}",
    ".filters label{display:flex;flex-direction:column;font-size:.9em;font-weight:600}",
    ".status{margin:.75em 0;min-height:1.5em;font-weight:600}",
    ".status.err{color:var(--ps-error,#a4001d)}",
    ".busy{height:3px;background:linear-gradient(90deg,transparent,var(--ps-accent,#0b57a4),transparent);",
    "background-size:50% 100%;background-repeat:no-repeat;animation:ps-slide 1s linear infinite}",
    "@keyframes ps-slide{from{background-position:-50% 0}to{background-position:150% 0}}",
    "ol.results,ol.sources{list-style:none;margin:0;padding:0}",
    "ol.sources{list-style:decimal;padding-left:1.75em}",
    ".results>li{padding:.75em 0;border-top:1px solid var(--ps-divider,#c8c8c8)}",
    ".sources>li{padding:.5em 0}",
    ".meta{margin:0 0 .3em;color:var(--ps-muted,#4a4a4a);font-size:.9em}",
    ".snippet{margin:0;overflow-wrap:anywhere}",
    "mark{background:var(--ps-mark-bg,#ffe58a);color:var(--ps-mark-color,inherit);font-weight:700;padding:0 .1em;border-radius:2px}",
    "blockquote{margin:.25em 0;padding:.25em .75em;border-left:4px solid var(--ps-accent,#0b57a4);overflow-wrap:anywhere}",
    ".answer{margin:.5em 0 1em;padding:.75em 1em;border:2px solid var(--ps-divider,#c8c8c8);border-radius:var(--ps-radius,6px)}",
    ".answer p.text{font-size:1.1em;margin:.25em 0}",
    ".sub{font-size:1.05em;margin:.5em 0 .25em}",
    ".title{font-size:1.1em;margin:0 0 .15em;font-weight:600}",
    ".follow{margin:.25em 0 .75em;font-size:.95em}",
    ".follow-link{font-weight:600;margin-right:.35em}",
    ".feed-url{color:var(--ps-muted,#4a4a4a)}",
    ".feed-url code{overflow-wrap:anywhere;font-size:.9em}",
    "@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}",
    ".busy{background:var(--ps-accent,#0b57a4);opacity:.4}}",
    "@media (forced-colors:active){mark{outline:1px solid CanvasText}.mode input:checked+span{outline:2px solid Highlight}}"
  ].join("");

  var sheet = null;
  function adoptStyles(root) {
    // A constructed stylesheet works under a strict host CSP (no inline <style> needed).
    try {
      if (!sheet && "adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
    } catch (e) { sheet = null; }
    if (sheet) { root.adoptedStyleSheets = [sheet]; return; }
    var st = document.createElement("style");
    st.textContent = CSS;
    root.appendChild(st);
  }

  // Build DOM nodes; strings only ever become text nodes.
  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
      if (k === "text") el.textContent = attrs[k];
      else if (k === "class") el.className = attrs[k];
      else el.setAttribute(k, attrs[k] === true ? "" : String(attrs[k]));
    }
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  // A window of about `width` characters around the densest run of marked words.
  function snippet(text, spans, width) {
    text = String(text || "");
    spans = (spans || []).filter(function (s) { return s && s[0] >= 0 && s[1] <= text.length && s[0] < s[1]; });
    if (text.length <= width) return { text: text, spans: spans };
    var best = 0, bestCount = -1;
    (spans.length ? spans : [[0, 0]]).forEach(function (s) {
      var lo = Math.max(0, s[0] - Math.floor(width / 4));
      var n = spans.filter(function (x) { return x[0] >= lo && x[1] <= lo + width; }).length;
      if (n > bestCount) { best = lo; bestCount = n; }
    });
    var lo = best ? text.lastIndexOf(" ", best) + 1 : 0;
    var hi = Math.min(text.length, lo + width);
    if (hi < text.length) { var cut = text.lastIndexOf(" ", hi); if (cut > lo) hi = cut; }
    var pre = lo ? "… " : "", post = hi < text.length ? " …" : "";
    var inner = spans.filter(function (x) { return x[0] >= lo && x[1] <= hi; })
      .map(function (x) { return [x[0] - lo + pre.length, x[1] - lo + pre.length]; });
    return { text: pre + text.slice(lo, hi) + post, spans: inner };
  }

  function marked(text, spans) {
    var out = [], pos = 0;
    spans.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (s) {
      if (s[0] < pos) return;
      if (s[0] > pos) out.push(text.slice(pos, s[0]));
      out.push(h("mark", { text: text.slice(s[0], s[1]) }));
      pos = s[1];
    });
    if (pos < text.length) out.push(text.slice(pos));
    return out;
  }

  function clampK(v) { var k = parseInt(v, 10); return k >= 1 && k <= 50 ? k : 5; }

  class ProtokollSok extends HTMLElement {
    connectedCallback() {
      if (this._root) return;
      this._t = TEXTS[(this.getAttribute("lang") || "sv").slice(0, 2)] || TEXTS.sv;
      this._api = this._resolveApi();
      this._root = this.attachShadow({ mode: "open" });
      adoptStyles(this._root);
      this._seq = 0;
      this._render();
    }

    _resolveApi() {
      var raw = this.getAttribute("api") || SCRIPT_BASE;
      if (!raw) {
        console.error(PREFIX + "Ingen API-adress. Skriv <protokoll-sok api=\"https://DIN-SERVER\"> " +
          "eller ladda widget.js från Protokollsök-servern.");
        return null;
      }
      try {
        var u = new URL(raw, document.baseURI);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(u.protocol);
        return u.href.replace(/\/$/, "");
      } catch (e) {
        console.error(PREFIX + "Ogiltig API-adress i attributet api: \"" + raw + "\" (väntade https://…).");
        return null;
      }
    }

    _render() {
      var t = this._t, self = this;
      var uid = "ps" + Math.random().toString(36).slice(2, 8);
      this._uid = uid;
      var wanted = (this.getAttribute("modes") || "search ask decisions").split(/[\s,]+/)
        .filter(function (m) { return m === "search" || m === "ask" || m === "decisions"; });
      if (!wanted.length) wanted = ["search"];
      var initial = this.getAttribute("mode");
      this._mode = wanted.indexOf(initial) >= 0 ? initial : wanted[0];
      this._hl = Math.min(6, Math.max(2, parseInt(this.getAttribute("heading-level"), 10) || 3));

      var radios = wanted.map(function (m) {
        var input = h("input", { type: "radio", name: uid + "-mode", value: m, checked: m === self._mode });
        input.addEventListener("change", function () { if (input.checked) self._setMode(m); });
        return h("label", { class: "mode" }, [input, h("span", { text: t[m] })]);
      });
      var modes = wanted.length > 1 ? h("fieldset", null, [h("legend", { text: t.modes })].concat(radios)) : null;

      this._label = h("label", { class: "field", for: uid + "-q" });
      this._input = h("input", {
        id: uid + "-q", type: "search", autocomplete: "off", spellcheck: "false",
        maxlength: "500", "aria-describedby": uid + "-hint", enterkeyhint: "search"
      });
      this._button = h("button", { type: "submit" });
      this._hint = h("p", { class: "hint", id: uid + "-hint" });
      this._from = h("input", { type: "date", id: uid + "-from" });
      this._to = h("input", { type: "date", id: uid + "-to" });
      this._body = h("input", { type: "text", id: uid + "-body", autocomplete: "off" });
      this._filters = h("details", null, [
        h("summary", { text: t.filters }),
        h("div", { class: "filters" }, [
          h("label", null, [t.from, this._from]),
          h("label", null, [t.to, this._to]),
          h("label", null, [t.body, this._body])
        ])
      ]);
      var form = h("form", { role: "search", "aria-label": t.region, novalidate: true }, [
        modes, this._label, h("div", { class: "row" }, [this._input, this._button]), this._hint, this._filters
      ]);
      this._status = h("p", { class: "status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
      this._busy = h("div", { class: "busy", hidden: true, "aria-hidden": "true" });
      this._out = h("div", { class: "out" });
      this._root.appendChild(h("div", { class: "ps", lang: this.getAttribute("lang") || "sv" },
        [form, this._busy, this._status, this._out]));

      form.addEventListener("submit", function (ev) { ev.preventDefault(); self._run(true); });
      this._input.addEventListener("input", function () { self._schedule(); });
      [this._from, this._to, this._body].forEach(function (el) {
        el.addEventListener("change", function () { if (self._input.value.trim()) self._schedule(); });
      });
      this._setMode(this._mode, true);
      if (!this._api) this._say(t.not_configured, true);
    }

    _setMode(mode, first) {
      var t = this._t;
      this._mode = mode;
      this._label.textContent = t["label_" + mode];
      this._hint.textContent = t["hint_" + mode];
      this._button.textContent = mode === "search" ? t.submit : t["submit_" + mode];
      this._filters.hidden = mode === "ask";
      if (!first) { this._abort(); this._clear(); }
    }

    _schedule() {
      clearTimeout(this._timer);
      if (this._mode !== "search") return; // questions and themes are sent with Enter
      var self = this;
      if (!this._input.value.trim()) { this._abort(); this._clear(); return; }
      if (this._input.value.trim().length < 2) return;
      this._timer = setTimeout(function () { self._run(false); }, 250);
    }

    _abort() { if (this._ctrl) { this._ctrl.abort(); this._ctrl = null; } this._setBusy(false); }

    _clear() { this._out.replaceChildren(); this._say(""); }

    _setBusy(on) { this._busy.hidden = !on; this._out.setAttribute("aria-busy", on ? "true" : "false"); }

    _say(text, isError) {
      this._status.className = "status" + (isError ? " err" : "");
      this._status.textContent = isError && text ? this._t.error_prefix + text : text;
    }

    _params() {
      var q = this._input.value.trim(), p = new URLSearchParams();
      var k = clampK(this.getAttribute("k"));
      if (this._mode === "ask") { p.set("q", q); return p; }
      if (this._mode === "search") p.set("q", q); else if (q) p.set("theme", q);
      p.set("k", String(this._mode === "decisions" ? Math.max(k, 10) : k));
      if (this._from.value) p.set("from", this._from.value);
      if (this._to.value) p.set("to", this._to.value);
      if (this._body.value.trim()) p.set("body", this._body.value.trim());
      return p;
    }

    _run(explicit) {
      clearTimeout(this._timer);
      var t = this._t, self = this, mode = this._mode;
      if (!this._api) { this._say(t.not_configured, true); return; }
      var q = this._input.value.trim();
      if (!q && mode !== "decisions") { if (explicit) this._input.focus(); this._clear(); return; }
      this._abort();
      var ctrl = new AbortController(), seq = ++this._seq;
      this._ctrl = ctrl;
      this._setBusy(true);
      this._say(t.loading);
      var url = this._api + "/api/" + mode + "?" + this._params().toString();
      fetch(url, { signal: ctrl.signal, headers: { Accept: "application/json" } })
        .then(function (res) {
          return res.json().catch(function () { return null; }).then(function (data) {
            return { res: res, data: data };
          });
        })
        .then(function (r) {
          if (seq !== self._seq) return; // a newer request has started
          self._setBusy(false);
          self._ctrl = null;
          if (r.res.ok && r.data) return self._show(mode, r.data);
          self._out.replaceChildren();
          var code = r.data && r.data.error && r.data.error.code;
          if (r.res.status === 429) {
            var wait = parseInt(r.res.headers.get("Retry-After"), 10) || 10;
            return self._say(t.rate(wait), true);
          }
          if (r.res.status === 501 || code === "not_implemented") return self._say(t["na_" + mode] || t.error, true);
          var msg = r.data && r.data.error && r.data.error.message;
          self._say(r.res.status < 500 && msg && t === TEXTS.sv ? msg : t.error, true);
        })
        .catch(function (err) {
          if (err && err.name === "AbortError") return;
          if (seq !== self._seq) return;
          self._setBusy(false);
          console.error(PREFIX + "Kunde inte anropa " + self._api + ". Ligger sidan på en annan " +
            "webbplats än servern måste dess origin finnas i PROTOKOLL_CORS_ORIGINS.", err);
          self._say(t.network, true);
        });
    }

    _heading(level, cls, kids) { return h("h" + Math.min(6, level), { class: cls }, kids); }

    _link(item, label) {
      var href = null;
      try {
        var u = new URL(item.url.charAt(0) === "/" ? this._api + item.url : item.url, this._api + "/");
        if (u.protocol === "http:" || u.protocol === "https:") { u.hash = "citat"; href = u.href; }
      } catch (e) { href = null; }
      return href ? h("a", { href: href, text: label }) : h("span", { text: label });
    }

    _itemLabel(item) {
      var s = item.section || {}, cit = item.citation || "";
      if (!s.number) return s.title && s.title !== "Inledning" ? s.title : "";
      var para = cit.indexOf("§ " + s.number) >= 0;
      return ((para ? "§ " : this._t.item + " ") + s.number + " " + (s.title || "")).trim();
    }

    _meta(item, extra) {
      var p = item.protocol || {}, parts = [];
      if (p.date) parts.push(p.date);
      var it = this._itemLabel(item);
      if (it) parts.push(it);
      if (item.page) parts.push(this._t.page + " " + item.page);
      if (item.ocr) parts.push(this._t.ocr);
      if (p.body && (p.title || "").indexOf(p.body) < 0) parts.push(p.body);
      return h("p", { class: "meta", text: parts.concat(extra || []).join(" · ") });
    }

    _resultItem(r) {
      var p = r.protocol || {};
      var sn = snippet(r.text, r.highlights, 300);
      return h("li", null, [
        this._heading(this._hl, "title", [this._link(r, p.title || p.id || "")]),
        this._meta(r),
        h("p", { class: "snippet" }, marked(sn.text, sn.spans))
      ]);
    }

    // "Följ": the Atom feed of the current search or theme (and body), as a plain link that a
    // feed reader takes, with its address written out beside it for copying.
    _follow(mode) {
      var t = this._t, q = this._input.value.trim(), p = new URLSearchParams(), path;
      if (mode === "search") { if (!q) return null; p.set("q", q); path = "/feeds/sok.atom"; }
      else if (mode === "decisions") {
        if (q) p.set("tema", q);
        if (this._body.value.trim()) p.set("organ", this._body.value.trim());
        path = "/feeds/beslut.atom";
      } else return null;
      var qs = p.toString(), href = this._api + path + (qs ? "?" + qs : "");
      var id = this._uid + "-feed";
      return h("p", { class: "follow" }, [
        h("a", { href: href, type: "application/atom+xml", class: "follow-link", "aria-describedby": id,
          text: t.follow }),
        " ",
        h("span", { id: id, class: "feed-url" }, [t["follow_" + mode], h("code", { text: href })])
      ]);
    }

    _show(mode, data) {
      var t = this._t, self = this, out = [];
      var follow = this._follow(mode);
      if (follow) out.push(follow);
      if (mode === "search") {
        var rs = data.results || [];
        this._say(rs.length ? t.hits(rs.length) : t.empty);
        if (rs.length) out.push(h("ol", { class: "results" }, rs.map(function (r) { return self._resultItem(r); })));
      } else if (mode === "ask") {
        var cites = data.citations || [];
        var ok = data.answerable !== false && data.answer;
        var box = h("div", { class: "answer" }, [
          this._heading(this._hl, "sub", [t.answer]),
          h("p", { class: "text", text: ok ? data.answer : (data.message || data.answer || t.no_answer) })
        ]);
        if (ok && data.certainty) {
          box.appendChild(h("p", { class: "certainty", text: t.certainty + (t.levels[data.certainty] || data.certainty) }));
        }
        if (ok && cites.length) {
          box.appendChild(this._heading(this._hl + 1, "sub", [t.sources]));
          box.appendChild(h("ol", { class: "sources" }, cites.map(function (c, i) {
            var p = c.protocol || {};
            return h("li", { value: c.n || i + 1 }, [
              c.quote ? h("blockquote", null, [h("p", { class: "snippet", text: c.quote })]) : null,
              self._meta(c, p.title ? [p.title] : []),
              self._link(c, t.show + ": " + (p.title || "") + (self._itemLabel(c) ? ", " + self._itemLabel(c) : ""))
            ]);
          })));
        }
        out.push(box);
        var near = ok ? [] : (data.nearest || []);
        if (near.length) {
          out.push(this._heading(this._hl, "sub", [t.nearest]));
          out.push(h("ol", { class: "results" }, near.map(function (r) { return self._resultItem(r); })));
        }
        this._say(ok ? t.answered + t.sources_n(cites.length) : t.no_answer);
      } else {
        var ds = data.decisions || [];
        this._say(ds.length ? t.decisions_n(ds.length) : t.no_decisions);
        if (ds.length) out.push(h("ol", { class: "results" }, ds.map(function (d) {
          var p = d.protocol || {}, extra = [];
          if (d.outcome) extra.push(t.outcome + ": " + d.outcome);
          var th = (d.themes || []).map(function (x) { return x.label; }).filter(Boolean).slice(0, 3);
          if (th.length) extra.push(t.themes + ": " + th.join(", "));
          var sn = snippet(d.text, [], 320);
          return h("li", null, [
            self._heading(self._hl, "title", [self._link(d, p.title || p.id || "")]),
            self._meta(d, extra),
            h("p", { class: "snippet", text: sn.text })
          ]);
        })));
      }
      this._out.replaceChildren.apply(this._out, out);
    }
  }

  customElements.define(TAG, ProtokollSok);

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(TAG)) {
      console.warn(PREFIX + "widget.js är laddad men sidan har inget <" + TAG + ">-element.");
    }
  });
})();
