/* School quiz: answers that lose nothing on a weak connection.
 *
 * Without this file the question form is a plain post and works as it is.
 * With it, each answer is first kept in this browser (localStorage), then
 * sent; it leaves the queue only when the server says it is stored. An
 * answer that could not be sent is resent when the page loads again, when
 * the phone comes back online, and every few seconds. Resending is safe: the
 * server stores an answer once per sequence number and never lets an older
 * one overwrite a newer one.
 */
(function () {
  "use strict";
  var KEY = "quiz-pending-answers";
  // The paper's overview: where a refusal because time is up leads (on to the result).
  var paper = document.querySelector(".quiz[data-overview]");
  var overview = paper ? paper.getAttribute("data-overview") : null;
  var status = document.querySelector(".quiz-sync");
  // Where the student asked to go when the answer could not be sent yet.
  var goAfterSending = null;
  // The server's words when it no longer takes answers (shown until the page moves on).
  var refused = "";
  var leaving = false;
  function offline() {
    show(refused || (status ? status.getAttribute("data-offline") : ""));
  }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function store(queue) {
    try { window.localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* private mode: plain posts still work */ }
  }
  function show(text) {
    if (status) { status.textContent = text || ""; status.hidden = !text; }
  }
  function body(fields) {
    var data = new URLSearchParams();
    fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    return data;
  }
  function send(item) {
    return fetch(item.url, {
      method: "POST", body: body(item.fields), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      // Stored (200), or refused for good (400, 404, 409: late, foreign or
      // older than what the server has): either way it leaves the queue.
      // Anything else (a 403 from an expired form, a 5xx) is kept and resent.
      var final = [200, 400, 404, 409].indexOf(response.status) !== -1;
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { sent: final, ok: response.ok, json: json };
      });
    });
  }
  function flush() {
    var queue = load();
    if (!queue.length) { return Promise.resolve(); }
    var item = queue[0];
    return send(item).then(function (result) {
      if (!result.sent) { throw new Error("server"); }
      store(load().filter(function (other) { return other.id !== item.id; }));
      if (result.json && result.json.error === "closed" && overview) {
        // Handed in (on another screen), time up or the run closed: this
        // answer was not stored. Say so, then the overview leads to the result.
        refused = result.json.message || " ";
        show(refused);
        if (!leaving) {
          leaving = true;
          window.setTimeout(function () { window.location.assign(overview); }, 4000);
        }
      }
      return flush();
    });
  }
  function retry() {
    flush().then(function () {
      show(refused);
      if (goAfterSending && !leaving) { window.location.assign(goAfterSending); }
    }, function () {
      offline();
    });
  }

  window.addEventListener("online", retry);
  window.setInterval(function () { if (load().length) { retry(); } }, 5000);
  retry();

  // Handing in with questions left asks first, in place: how many, "hand
  // in anyway" or back to the first of them. Then finishing waits until
  // every kept answer has reached the server.
  var finish = document.querySelector("form.quiz-finish");
  var confirmBox = finish ? finish.querySelector(".quiz-confirm") : null;
  function resetConfirm() {
    if (!confirmBox) { return; }
    confirmBox.hidden = true;
    finish.querySelector(".quiz-submit").hidden = false;
    var count = finish.parentNode.querySelector(".quiz-unanswered");
    if (count) { count.hidden = !finish.parentNode.querySelector(".quiz-grid__item:not(.is-answered)"); }
  }
  if (finish) {
    finish.addEventListener("submit", function (event) {
      var left = finish.parentNode.querySelectorAll(".quiz-grid__item:not(.is-answered)");
      // Once asked, the only button left is "hand in anyway" (and a browser
      // without event.submitter still gets through).
      var sure = (event.submitter && event.submitter.name === "confirm") || (confirmBox && !confirmBox.hidden);
      if (left.length && !sure && confirmBox) {
        event.preventDefault();
        var lead = confirmBox.querySelector(".quiz-confirm__lead");
        lead.textContent = (lead.getAttribute(left.length === 1 ? "data-one" : "data-other") || "")
          .replace(/\d+/, String(left.length));
        confirmBox.querySelector(".quiz-confirm__back").setAttribute("href", left[0].getAttribute("href"));
        finish.querySelector(".quiz-submit").hidden = true;
        // The box says how many are left: the count above it would say it twice.
        finish.parentNode.querySelector(".quiz-unanswered").hidden = true;
        confirmBox.hidden = false;
        confirmBox.focus();
        return;
      }
      // Asked, or nothing left: the server need not ask again.
      finish.querySelector("input[type=hidden][name=confirm]").disabled = false;
      if (!load().length) { return; }
      event.preventDefault();
      flush().then(function () { finish.submit(); }, function () {
        offline();
      });
    });
  }

  // Minutes left, counted down on the phone from the server's deadline (the
  // page now stays open for the whole paper).
  var timer = document.querySelector(".quiz-timer__left");
  var deadline = document.querySelector(".quiz-timer time");
  if (timer && deadline) {
    var ends = Date.parse(deadline.getAttribute("datetime"));
    var tick = function () {
      var left = Math.max(0, Math.ceil((ends - Date.now()) / 60000));
      var text = timer.getAttribute(left === 1 ? "data-one" : "data-other") || "";
      timer.textContent = text.replace(/\d+/, String(left));
    };
    if (!isNaN(ends)) { window.setInterval(tick, 20000); }
  }

  // The waiting page counts down to the start and reloads itself then, when
  // the paper comes. Counted from the server's "seconds to go", not the
  // phone's clock, which may be minutes off; a phone whose timers slept with
  // its screen reloads as soon as it wakes past the start. Each phone waits
  // up to a second more, so a school's phones do not all ask in one instant.
  var countdown = document.querySelector(".quiz-countdown[data-starts-in]");
  if (countdown) {
    var startsAt = Date.now() + 1000 * parseInt(countdown.getAttribute("data-starts-in"), 10);
    var spread = Math.random() * 1000;
    var waiting = window.setInterval(function () {
      var left = Math.max(0, Math.ceil((startsAt - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (Date.now() >= startsAt + spread) {
        window.clearInterval(waiting);
        window.location.reload();
      }
    }, 250);
  }

  var forms = document.querySelectorAll("form.quiz-question");
  if (!forms.length || !window.fetch || !window.URLSearchParams) { return; }
  var titleSuffix = document.title.indexOf(" · ") !== -1 ? document.title.slice(document.title.indexOf(" · ")) : "";

  // The paper's last section: the grid of questions and the hand-in form.
  var handIn = document.getElementById("hand-in");
  var handInUrl = handIn ? handIn.getAttribute("data-url") : null;
  var links = document.querySelector(".quiz-links");

  // The question (or the hand-in section) a URL names, if it is on this page.
  function sectionFor(url) {
    if (handIn && url === handInUrl) { return handIn; }
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].getAttribute("action") === url) { return forms[i].closest(".quiz-item"); }
    }
    return null;
  }
  function showInPlace(section, url) {
    document.querySelectorAll(".quiz-item").forEach(function (other) { other.hidden = other !== section; });
    var error = document.querySelector(".quiz-error");
    if (error) { error.remove(); }
    if (window.history && window.history.replaceState) { window.history.replaceState(null, "", url); }
    document.title = section.getAttribute("data-title") + titleSuffix;
    if (links) { links.hidden = section === handIn; }
    if (section === handIn) { resetConfirm(); }
    var heading = section.querySelector("[tabindex='-1']");
    if (heading) { heading.focus(); }
    window.scrollTo(0, 0);
  }
  function showFromLink(event) {
    var url = event.currentTarget.getAttribute("href");
    var section = sectionFor(url);
    if (!section) { return; }
    event.preventDefault();
    showInPlace(section, url);
  }

  // The grid marks each question answered or not, and the count below it
  // follows, as the student answers on this page.
  function markAnswered(form, answered) {
    if (!handIn) { return; }
    var position = parseInt(form.closest(".quiz-item").id.slice(1), 10);
    var grid = handIn.querySelector(".quiz-grid");
    var items = grid.querySelectorAll(".quiz-grid__item");
    var item = items[position - 1];
    if (!item) { return; }
    item.classList.toggle("is-answered", answered);
    var label = item.querySelector(".visually-hidden");
    if (label) { label.textContent = " " + grid.getAttribute(answered ? "data-answered" : "data-unanswered"); }
    var left = grid.querySelectorAll(".quiz-grid__item:not(.is-answered)").length;
    var count = handIn.querySelector(".quiz-unanswered");
    if (count) {
      count.textContent = (count.getAttribute(left === 1 ? "data-one" : "data-other") || "").replace(/\d+/, String(left));
      count.hidden = left === 0;
    }
  }
  if (handIn) { handIn.querySelectorAll(".quiz-grid__item").forEach(function (a) { a.addEventListener("click", showFromLink); }); }
  if (links) { links.querySelectorAll("a").forEach(function (a) { a.addEventListener("click", showFromLink); }); }
  if (confirmBox) { confirmBox.querySelector(".quiz-confirm__back").addEventListener("click", showFromLink); }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
      if (event.submitter && event.submitter.name) { fields.push([event.submitter.name, event.submitter.value]); }
      var item = { id: Date.now() + "-" + Math.random(), url: form.getAttribute("action"), fields: fields };
      markAnswered(form, fields.some(function (pair) {
        return pair[0] === "choice" || (pair[0] === "text" && pair[1].trim() !== "");
      }));
      var queue = load();
      queue.push(item);
      store(queue);
      // A later change to this answer goes with the next number.
      var seq = form.querySelector("input[name=seq]");
      seq.value = String(parseInt(seq.value, 10) + 1);
      var go = (event.submitter && event.submitter.value) || "next";
      var next = form.getAttribute("data-next-" + go);
      var section = sectionFor(next);
      if (section) {
        // The next question (or, after the last, the hand-in section) is on
        // this page: show it now; the answer goes in the background and is
        // resent until the server has it. Handing in waits for the queue.
        showInPlace(section, next);
        retry();
        return;
      }
      flush().then(function () {
        window.location.assign(next || window.location.href);
      }, function () {
        goAfterSending = next;
        offline();
      });
    });
  });
})();
