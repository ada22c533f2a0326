/*
 * Event pages without a page load. Without this file every form posts and comes back to the
 * page; with it, registering and cancelling swap the registration panel for the one the
 * server draws for the member (with their join link once they hold a seat), and the event's
 * times are also shown in the visitor's own time zone when it differs from the event's. On
 * phones the listing's filters are folded until one is in use.
 */
(function () {
  "use strict";

  var community = window.Community;

  function say(panel, message) {
    var status = panel && panel.querySelector("[data-event-rsvp-status]");
    if (status) community.speak(status, message);
  }

  function showError(panel, message) {
    var note = panel.querySelector("[data-event-rsvp-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "alert alert--error";
      note.setAttribute("data-event-rsvp-error", "");
      note.setAttribute("role", "alert");
      panel.querySelector(".card__body").appendChild(note);
    }
    note.textContent = message;
  }

  function setupRegistration() {
    if (!window.fetch || !window.FormData) return;
    // One listener for the panel and every panel that replaces it.
    document.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-event-rsvp-form]");
      if (!form) return;
      var panel = form.closest("[data-event-rsvp]");
      event.preventDefault();
      var body = new FormData(form);
      body.append("panel", "1");
      community.sendInPlace(form.querySelector("button[type=submit]"), {
        send: function () {
          return community.postJSON(form.action, form, body);
        },
        apply: function (data) {
          if (typeof data.panel !== "string") return false;
          var holder = document.createElement("div");
          holder.innerHTML = data.panel;
          var fresh = holder.querySelector("[data-event-rsvp]");
          if (!fresh) return false;
          panel.replaceWith(fresh);
          setupLocalTimes(fresh);
          var heading = fresh.querySelector(".card__title");
          var state = fresh.querySelector(".event-rsvp__state, .event-rsvp__note");
          say(fresh, state ? state.textContent.trim() : "Done.");
          if (heading) {
            heading.setAttribute("tabindex", "-1");
            heading.focus();
          }
        },
        fail: function (message) {
          showError(panel, message);
        },
        failure: "That didn't go through. Please try again.",
      });
    });
  }

  // "Your time: …" beside the event's own, from the browser's zone, when they differ.
  function setupLocalTimes(root) {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    (root || document).querySelectorAll("[data-local-time]").forEach(function (element) {
      if (!zone || zone === element.getAttribute("data-event-zone")) return;
      var start = new Date(element.getAttribute("data-local-time"));
      var end = new Date(element.getAttribute("data-local-end"));
      if (isNaN(start) || isNaN(end)) return;
      // Written as the server writes the event's own times ("Tue 15 Dec 2026, 19:00–21:30").
      var dayFormat = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
      var time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
      var day = function (moment) {
        return moment.toLocaleDateString("en-GB", dayFormat).replace(",", "");
      };
      var sameDay = start.toDateString() === end.toDateString();
      var text =
        day(start) +
        ", " +
        start.toLocaleTimeString("en-GB", time) +
        "–" +
        (sameDay ? "" : day(end) + ", ") +
        end.toLocaleTimeString("en-GB", time);
      element.textContent = "Your time: " + text + " ";
      var zoneName = document.createElement("span");
      zoneName.className = "text-muted";
      zoneName.textContent = zone.replace(/_/g, " ");
      element.appendChild(zoneName);
      element.hidden = false;
    });
  }

  // On a phone the filters would push the events below the fold: fold them until one is used.
  function foldFilters() {
    var filters = document.querySelector("[data-events-filters]");
    if (!filters || filters.hasAttribute("data-active")) return;
    if (window.matchMedia && window.matchMedia("(max-width: 640px)").matches) {
      filters.open = false;
    }
  }

  community.onReady(function () {
    foldFilters();
    setupRegistration();
    setupLocalTimes(document);
  });
})();
