// Large text, high contrast (docs/accessibility.md). Loaded render-blocking
// in <head>: the class is on <html> before the first paint, so a visitor who
// chose it never sees the page flash at the normal size. Remembered in
// localStorage on this device only: no cookie, nothing sent to the server,
// and cached pages stay the same for everyone.
(function () {
  var KEY = "display-mode";
  var root = document.documentElement;
  try {
    if (window.localStorage.getItem(KEY) === "large") root.classList.add("large-text");
  } catch (e) { /* storage blocked: the normal size */ }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll(".display-toggle");
    function show() {
      var on = root.classList.contains("large-text") ? "true" : "false";
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on);
    }
    function toggle() {
      var on = !root.classList.contains("large-text");
      root.classList.toggle("large-text", on);
      try {
        if (on) window.localStorage.setItem(KEY, "large");
        else window.localStorage.removeItem(KEY);
      } catch (e) { /* still switched for this page */ }
      show();
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", toggle);
    }
    show();
  });
})();
