// A long transcript reads in parts (?part=3, archive/parts.py). A link to a
// line or a time that is on another part (one made before the episode was
// split, or a bare "episode#t=5:02:10") still lands: a line's #u123 is asked of
// the server (…/line/123/ redirects to its part), a #t= goes to the part whose
// time range holds it, and on the right part scrolls to the line spoken then.
// Without this script the part links still reach every part.
(function () {
  "use strict";
  var nav = document.querySelector("nav[data-line-url]");
  if (!nav) return;

  // "#t=1:05", "#t=1:02:05" or "#t=65" -> seconds; anything else -> null (as player.js).
  function seconds(hash) {
    var match = /^#t=(\d+(?::\d{1,2}){0,2})$/.exec(hash || "");
    if (!match) return null;
    return match[1].split(":").reduce(function (total, part) {
      return total * 60 + Number(part);
    }, 0);
  }

  // The last part starting at or before `time`: the one whose range holds it.
  function partAt(time) {
    var found = null;
    nav.querySelectorAll("a[data-from]").forEach(function (link) {
      if (Number(link.getAttribute("data-from")) <= time) found = link;
    });
    return found;
  }

  // The last line on this part starting at or before `time`, if any.
  function lineAt(time) {
    var found = null;
    document.querySelectorAll('.transcript a.start[href^="#t="]').forEach(function (start) {
      if (seconds(start.getAttribute("href")) <= time) found = start.closest("li");
    });
    return found;
  }

  function land() {
    var hash = location.hash;
    if (/^#u\d+$/.test(hash)) {
      if (!document.getElementById(hash.slice(1))) {
        location.replace(nav.getAttribute("data-line-url").replace(/0\/$/, hash.slice(2) + "/"));
      }
      return;
    }
    var time = seconds(hash);
    if (time === null || document.getElementById(hash.slice(1))) return;
    var part = partAt(time);
    if (part && part.getAttribute("aria-current") !== "page") {
      location.replace(part.href + hash);
      return;
    }
    var line = lineAt(time);
    if (line) line.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", land);
  land();
})();
