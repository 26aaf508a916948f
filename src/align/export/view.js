/* align view: highlight a sentence's counterparts and keep linked sentences level while scrolling.
   Everything it needs is in the page: each sentence's bead numbers (data-b) and side (data-side). */
(function () {
  "use strict";
  var LINE = 0.3; // where on the column linked sentences are levelled (fraction of its height)
  var panes = {
    src: document.querySelector('.scroll[data-side="src"]'),
    tgt: document.querySelector('.scroll[data-side="tgt"]')
  };
  var other = { src: "tgt", tgt: "src" };
  var members = { src: {}, tgt: {} }; // bead -> elements, per side
  var status = document.getElementById("status");
  var nBeads = 0;
  var sentences = document.querySelectorAll(".panes .s[data-i]");
  Array.prototype.forEach.call(sentences, function (el) {
    var side = el.closest(".scroll").getAttribute("data-side");
    el._side = side;
    el._beads = (el.getAttribute("data-b") || "").split(" ").filter(Boolean).map(Number);
    el._beads.forEach(function (b) {
      (members[side][b] = members[side][b] || []).push(el);
      nBeads = Math.max(nBeads, b + 1);
    });
  });

  function y(el, pane) { // an element's top in its column's content coordinates
    return el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
  }

  // Anchors: the tops of each linked bead's first sentence on both sides, sorted by either side.
  var anchors = null;
  function build() {
    var pts = [];
    for (var b = 0; b < nBeads; b++) {
      var s = members.src[b], t = members.tgt[b];
      if (s && t) pts.push([y(s[0], panes.src), y(t[0], panes.tgt)]);
    }
    anchors = {
      src: pts.slice().sort(function (p, q) { return p[0] - q[0]; }),
      tgt: pts.slice().sort(function (p, q) { return p[1] - q[1]; })
    };
  }
  function map(from, pos) { // a position in one column to the level position in the other
    if (!anchors) build();
    var a = from === "src" ? 0 : 1, o = 1 - a, pts = anchors[from];
    if (!pts.length) return pos;
    var lo = 0, hi = pts.length; // the first anchor below pos
    while (lo < hi) { var mid = (lo + hi) >> 1; if (pts[mid][a] <= pos) lo = mid + 1; else hi = mid; }
    if (lo === 0) return pts[0][o] + (pos - pts[0][a]);
    if (lo === pts.length) return pts[lo - 1][o] + (pos - pts[lo - 1][a]);
    var p = pts[lo - 1], q = pts[lo], span = q[a] - p[a];
    return span > 0 ? p[o] + (pos - p[a]) * (q[o] - p[o]) / span : q[o];
  }

  // The column the reader moves leads; the other follows, and its echoing scroll events are ignored.
  var leader = null, leaderUntil = 0;
  function lead(side) { leader = side; leaderUntil = Date.now() + 250; }
  function follow(side) {
    var from = panes[side], to = panes[other[side]];
    var line = from.scrollTop + LINE * from.clientHeight;
    to.scrollTop = Math.round(map(side, line) - LINE * to.clientHeight);
  }
  ["src", "tgt"].forEach(function (side) {
    var frame = 0;
    panes[side].addEventListener("scroll", function () {
      if (leader && leader !== side && Date.now() < leaderUntil) return;
      lead(side);
      if (!frame) frame = requestAnimationFrame(function () { frame = 0; follow(side); });
    }, { passive: true });
  });
  window.addEventListener("resize", function () { anchors = null; });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { anchors = null; });

  function label(el) { return el.getAttribute("data-id") || "#" + el.getAttribute("data-i"); }
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".panes .s.sel, .panes .s.hit"), function (el) {
      el.classList.remove("sel", "hit");
      el.removeAttribute("aria-pressed");
    });
  }
  var current = null;
  function select(el, scrollOwn) {
    clear();
    var side = el._side, there = other[side];
    var own = [el], hits = [];
    el._beads.forEach(function (b) {
      own = own.concat(members[side][b] || []);
      hits = hits.concat(members[there][b] || []);
    });
    own.forEach(function (e) { e.classList.add("sel"); e.setAttribute("aria-pressed", "true"); });
    hits.forEach(function (e) { e.classList.add("hit"); });
    current = el;
    lead(side);
    if (scrollOwn) {
      var p = panes[side], r = el.getBoundingClientRect(), pr = p.getBoundingClientRect();
      if (r.top < pr.top || r.bottom > pr.bottom) p.scrollTop += r.top - pr.top - LINE * p.clientHeight;
    }
    var pane = panes[there];
    if (hits.length) { // bring the counterpart level with the sentence, and at least into view
      pane.scrollTop += hits[0].getBoundingClientRect().top - el.getBoundingClientRect().top;
      var hr = hits[0].getBoundingClientRect(), vr = pane.getBoundingClientRect();
      if (hr.top < vr.top + 4 || hr.bottom > vr.bottom - 4) { // at an edge: move both to the levelling line
        var d = hr.top - (vr.top + LINE * pane.clientHeight);
        pane.scrollTop += d;
        panes[side].scrollTop += d;
        hr = hits[0].getBoundingClientRect();
        if (hr.bottom <= vr.top || hr.top >= vr.bottom) hits[0].scrollIntoView({ block: "center" });
      }
    } else { // no counterpart: level the other column by the beads around this sentence
      var from = panes[side], offset = el.getBoundingClientRect().top - from.getBoundingClientRect().top;
      pane.scrollTop = Math.round(map(side, y(el, from)) - offset);
    }
    var names = own.filter(function (e, i) { return own.indexOf(e) === i; }).map(label).join(" ");
    var text;
    if (!el._beads.length) text = names + ": in no bead (the aligner left it out)";
    else if (!hits.length) text = names + ": no counterpart (null bead " + (el._beads[0] + 1) + " of " + nBeads + ")";
    else text = "Bead " + (el._beads[0] + 1) + " of " + nBeads + ": " + names + " \u2194 " + hits.map(label).join(" ");
    status.textContent = text;
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest(".s[data-i]");
    if (el) select(el, false);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var el = ev.target.closest && ev.target.closest(".s[data-i]");
    if (el && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      select(el, false);
    } else if (ev.key === "Escape") {
      clear();
      status.textContent = "";
    } else if (ev.key === "j" || ev.key === "k") { // walk the beads
      var side = current ? current._side : "src";
      var b = current && current._beads.length ? current._beads[0] : -1;
      for (var step = 0; step < nBeads; step++) {
        b = (b + (ev.key === "j" ? 1 : -1) + nBeads) % nBeads;
        var list = members[side][b] || members[other[side]][b];
        if (list) { list[0].focus({ preventScroll: true }); select(list[0], true); break; }
      }
      ev.preventDefault();
    }
  });
})();
