// Quick exit on the tips pages: leave at once and replace this page's
// history entry, so the Back button does not bring the tips form back into
// view for whoever takes the phone next. Esc pressed twice does the same.
(function () {
  var link = document.querySelector(".tips-exit");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 800) leave(event);
    lastEscape = now;
  });
})();
