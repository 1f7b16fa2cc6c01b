// Select words across consecutive lines of a transcript to get one link for the
// passage (/q/<first>-<last>/). Without JavaScript, "Quote from here…" and
// "…to here" links on each line do the same.
(function () {
  "use strict";
  var transcript = document.querySelector(".transcript");
  if (!transcript || !window.getSelection) return;
  var MAX_LINES = 20;
  var bar = document.createElement("div");
  bar.className = "passage-bar";
  bar.hidden = true;
  bar.setAttribute("role", "status");
  var link = document.createElement("a");
  bar.appendChild(link);
  document.body.appendChild(bar);

  function lineOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var line = element && element.closest("li.utterance");
    return line && transcript.contains(line) ? line : null;
  }

  function update() {
    var selection = window.getSelection();
    var from = selection.isCollapsed ? null : lineOf(selection.anchorNode);
    var to = from && lineOf(selection.focusNode);
    if (!from || !to) { bar.hidden = true; return; }
    var lines = Array.prototype.slice.call(transcript.querySelectorAll("li.utterance"));
    var a = lines.indexOf(from), b = lines.indexOf(to);
    if (a > b) { var swap = a; a = b; b = swap; }
    if (b - a >= MAX_LINES) { bar.hidden = true; return; }
    var first = lines[a].id.slice(1), last = lines[b].id.slice(1);
    link.href = "/q/" + (first === last ? first : first + "-" + last) + "/";
    link.textContent = a === b ? "Link to this quote" : "Link to these " + (b - a + 1) + " lines";
    bar.hidden = false;
  }

  document.addEventListener("selectionchange", function () {
    window.clearTimeout(update.timer);
    update.timer = window.setTimeout(update, 150);
  });
})();
