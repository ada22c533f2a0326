/* The member's applications page: refreshes itself when an employer moves one of them (the
   live notification names its kind), and asks before "withdraw and delete my data". */
(function () {
  "use strict";

  var STAGE_KIND = "careers_application_stage";

  function refresh(list) {
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-applications]");
        if (!fresh) return;
        list.innerHTML = fresh.innerHTML;
        var status = list.querySelector("[data-live-status]");
        if (status) status.textContent = "An application's stage changed.";
      })
      .catch(function () {
        /* A reload shows the same: the page is right either way. */
      });
  }

  document.addEventListener("community:notification", function (event) {
    var list = document.querySelector("[data-live-applications]");
    if (list && event.detail && event.detail.kind === STAGE_KIND) refresh(list);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });
})();
