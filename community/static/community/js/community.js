/*
 * Small enhancements on top of pages that already work without script:
 * the mobile menu toggle, closing dropdown menus, dismissing alerts, the "/" search
 * shortcut, the profile picture preview and the notification count.
 *
 * This file is loaded in the <head> without defer so the "js" class is set before the
 * first paint; everything that touches the page waits for DOMContentLoaded.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Must match the breakpoint where community.css collapses the header.
  var MOBILE_QUERY = "(max-width: 1020px)";

  function onReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  /* Mobile navigation ------------------------------------------------------------------ */
  function setupNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) return;
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }

    // Focus stays on the toggle (the disclosure pattern): moving it into the search box would
    // pop up the keyboard on phones when the member only wanted a section link.
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });

    // A menu left open on a phone must not stay "expanded" once the desktop layout shows it.
    var query = window.matchMedia(MOBILE_QUERY);
    var onChange = function () {
      if (!query.matches) setOpen(false);
    };
    if (query.addEventListener) query.addEventListener("change", onChange);
  }

  /* Dropdown menus built on <details> -------------------------------------------------- */
  function setupMenus() {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-menu]"));
    if (!menus.length) return;

    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        menus.forEach(function (other) {
          if (other !== menu) other.open = false;
        });
      });
    });

    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (!menu.open) return;
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) summary.focus();
      });
    });

    // Tabbing out of an open menu closes it, as a native menu would.
    menus.forEach(function (menu) {
      menu.addEventListener("focusout", function (event) {
        if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) {
          menu.open = false;
        }
      });
    });
  }

  /* Dismissible alerts ----------------------------------------------------------------- */
  function setupAlerts() {
    document.querySelectorAll("[data-alert] [data-dismiss]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var alert = button.closest("[data-alert]");
        var next = alert.nextElementSibling || alert.previousElementSibling;
        var container = alert.parentElement;
        alert.remove();
        // Keep keyboard focus somewhere sensible instead of dropping it on <body>.
        var target = next && next.querySelector("[data-dismiss]");
        if (target) {
          target.focus();
        } else {
          if (container && !container.children.length) container.remove();
          var main = document.getElementById("main");
          if (main) main.focus();
        }
      });
    });
  }

  /* "/" focuses the search box, as on most community sites ------------------------------ */
  function setupSearchShortcut() {
    var input = document.getElementById("site-search-q");
    if (!input) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
        return;
      }
      // On phones the box lives in the collapsed menu: open it first.
      var toggle = document.querySelector("[data-nav-toggle]");
      if (toggle && input.offsetParent === null && toggle.getAttribute("aria-expanded") !== "true") {
        toggle.click();
      }
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* Profile picture preview and character counters ------------------------------------- */
  function setupAvatarPreview() {
    var input = document.querySelector("[data-avatar-field] input[type=file]");
    var preview = document.querySelector("[data-avatar-preview]");
    if (!input || !preview || !window.URL || !URL.createObjectURL) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type)) return;
      var img = document.createElement("img");
      img.className = "avatar avatar--lg";
      img.alt = "";
      img.width = 64;
      img.height = 64;
      img.src = URL.createObjectURL(file);
      img.onload = function () {
        URL.revokeObjectURL(img.src);
      };
      preview.replaceChildren(img);
      var clear = document.querySelector("input[name=clear_avatar]");
      if (clear) clear.checked = false;
    });
  }

  function setupCounters() {
    document.querySelectorAll("[data-counter] textarea[maxlength]").forEach(function (textarea) {
      var max = parseInt(textarea.getAttribute("maxlength"), 10);
      var counter = document.createElement("span");
      counter.className = "field__counter";
      counter.setAttribute("aria-hidden", "true");
      var update = function () {
        counter.textContent = textarea.value.length + " / " + max;
      };
      textarea.insertAdjacentElement("afterend", counter);
      textarea.addEventListener("input", update);
      update();
    });
  }

  /* Notification count: the live-updates feature calls this ----------------------------- */
  function setNotificationCount(count) {
    count = Math.max(0, parseInt(count, 10) || 0);
    var badge = document.getElementById("notification-count");
    var bell = document.querySelector("[data-notification-bell]");
    if (badge) {
      badge.textContent = count > 99 ? "99+" : String(count);
      badge.hidden = count === 0;
    }
    if (bell) {
      bell.setAttribute("aria-label", count ? "Notifications, " + count + " unread" : "Notifications");
    }
  }

  window.Community = window.Community || {};
  window.Community.setNotificationCount = setNotificationCount;

  onReady(function () {
    setupNavToggle();
    setupMenus();
    setupAlerts();
    setupSearchShortcut();
    setupAvatarPreview();
    setupCounters();
  });
})();
