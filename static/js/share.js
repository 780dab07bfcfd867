// Share on phones (docs/accessibility.md): where the browser has a system
// share sheet (navigator.share), the share box offers it instead of the QR
// code; elsewhere, and without script, the QR code stays.
(function () {
  if (typeof navigator.share !== "function") return;
  var boxes = document.querySelectorAll(".share-box");
  for (var i = 0; i < boxes.length; i++) {
    var button = boxes[i].querySelector(".share-box__native");
    if (!button) continue;
    boxes[i].classList.add("share-box--native");
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var url = new URL(event.currentTarget.getAttribute("data-url"), window.location.href).href;
      // A visitor who closes the sheet rejects the promise: nothing to report.
      navigator.share({ title: document.title, url: url }).catch(function () {});
    });
  }
})();
