// Transcript timestamps seek the episode's player.
// Without this script a "#t=1:05" link still scrolls to its line; with it the
// link also plays from that moment, and a page opened at #t=1:05 (or at a
// line's #u123) is ready to play from there.
(function () {
  "use strict";
  var audio = document.getElementById("player");
  if (!audio) return;

  // "#t=1:05", "#t=1:02:05" or "#t=65" -> seconds; anything else -> null.
  function seconds(hash) {
    var match = /^#t=(\d+(?::\d{1,2}){0,2})$/.exec(hash || "");
    if (!match) return null;
    return match[1].split(":").reduce(function (total, part) {
      return total * 60 + Number(part);
    }, 0);
  }

  // A line's own anchor (#u123) answers with its timestamp link's time.
  function secondsAt(hash) {
    var time = seconds(hash);
    if (time !== null || !/^#u\d+$/.test(hash || "")) return time;
    var line = document.getElementById(hash.slice(1));
    var start = line && line.querySelector('a.start[href^="#t="]');
    return start ? seconds(start.getAttribute("href")) : null;
  }

  function seek(time, play) {
    function go() {
      audio.currentTime = time;
    }
    if (audio.readyState >= 1) {
      go();
    } else {
      audio.addEventListener("loadedmetadata", go, { once: true });
      if (!play) audio.load();
    }
    if (play) {
      audio.play().catch(function () {
        // Playback refused (no user gesture, no network): the position is set anyway.
      });
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#t="]');
    if (!link) return;
    var time = seconds(link.getAttribute("href"));
    if (time === null) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    seek(time, true);
  });

  window.addEventListener("hashchange", function () {
    var time = secondsAt(location.hash);
    if (time !== null) seek(time, false);
  });

  var start = secondsAt(location.hash);
  if (start !== null) {
    audio.preload = "metadata";
    seek(start, false);
  }
})();
