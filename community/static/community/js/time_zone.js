/*
 * The profile's time zone field: when the member has not chosen one, it offers the zone their
 * browser runs in, and says so; they still save (or change) it themselves. Without this file
 * the field simply starts empty.
 */
(function () {
  "use strict";

  document.querySelectorAll("select[data-guess-time-zone]").forEach(function (select) {
    if (select.value || !window.Intl || !Intl.DateTimeFormat) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!known) return;
    select.value = zone;
    var note = document.createElement("p");
    note.className = "field__help";
    note.setAttribute("data-time-zone-guess", "");
    note.textContent = "Filled in from your browser: save to keep it.";
    select.insertAdjacentElement("afterend", note);
  });
})();
