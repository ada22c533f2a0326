/*
 * Small enhancements on top of pages that already work without script:
 * the mobile menu toggle, closing dropdown menus, dismissing alerts, the "/" search
 * shortcut, the profile picture preview, and live notifications (the bell count, toasts,
 * the notification center kept up to date, "Mark as read" without a page load).
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

  /* Notification count ----------------------------------------------------------------- */
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
    // The notification center's "Unread" tab and its "Mark all as read" button.
    document.querySelectorAll("[data-unread-count]").forEach(function (element) {
      element.textContent = String(count);
      element.hidden = count === 0;
    });
    document.querySelectorAll("[data-mark-all-read]").forEach(function (form) {
      form.hidden = count === 0;
    });
  }

  /* A WebSocket that comes back by itself ---------------------------------------------- */
  // The server closes with this code when the member may not be served (banned, suspended).
  var CLOSE_NOT_ALLOWED = 4403;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;
  // A connection must live this long before a drop starts the backoff from the beginning.
  var STABLE_AFTER_MS = 5000;

  function retryDelay(attempt) {
    var delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * Math.pow(2, attempt));
    // Jitter: after a server restart every open tab must not knock at the same moment.
    return Math.round(Math.min(RETRY_MAX_MS, delay * (0.75 + Math.random() * 0.5)));
  }

  /*
   * openLiveSocket("/ws/...", {message, open, refused, stopped}) keeps one socket open:
   * message(data) gets each JSON message; open(isReconnect) runs on every connection, so a
   * page can catch up on what it missed; refused(count) hears of handshakes that failed and may
   * return false to give up; stopped(code) hears that the server said never to come back.
   * It reconnects with exponential backoff and jitter, at once when the browser goes online or
   * the tab is shown again, and never after a 4403 close.
   */
  function openLiveSocket(path, handlers) {
    handlers = handlers || {};
    var socket = null;
    var timer = null;
    var attempt = 0;
    var opens = 0;
    var refusals = 0;
    var stopped = false;
    var suspended = false;

    function connect() {
      window.clearTimeout(timer);
      timer = null;
      if (stopped || suspended || socket) return;
      var opened = false;
      var openedAt = 0;
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var current;
      try {
        current = new WebSocket(scheme + window.location.host + path);
      } catch (error) {
        schedule();
        return;
      }
      socket = current;
      current.onopen = function () {
        opened = true;
        openedAt = Date.now();
        refusals = 0;
        opens += 1;
        if (handlers.open) handlers.open(opens > 1);
      };
      current.onmessage = function (event) {
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (data && handlers.message) handlers.message(data);
      };
      current.onclose = function (event) {
        if (socket === current) socket = null;
        if (stopped || suspended) return;
        if (event.code === CLOSE_NOT_ALLOWED) {
          stop();
          if (handlers.stopped) handlers.stopped(event.code);
          return;
        }
        if (opened && Date.now() - openedAt > STABLE_AFTER_MS) attempt = 0;
        if (!opened) {
          refusals += 1;
          if (handlers.refused && handlers.refused(refusals) === false) {
            stop();
            return;
          }
        }
        schedule();
      };
    }

    function schedule() {
      if (stopped || suspended || timer) return;
      timer = window.setTimeout(connect, retryDelay(attempt));
      attempt += 1;
    }

    function reconnectNow() {
      if (stopped || suspended || socket) return;
      attempt = 0;
      connect();
    }

    function closeQuietly() {
      window.clearTimeout(timer);
      timer = null;
      if (socket) {
        var closing = socket;
        socket = null;
        closing.close(1000);
      }
    }

    function stop() {
      stopped = true;
      closeQuietly();
    }

    window.addEventListener("online", reconnectNow);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") reconnectNow();
    });
    // Leaving the page closes the socket cleanly (and keeps the page fit for the back/forward
    // cache); coming back to it from that cache connects again and catches up.
    window.addEventListener("pagehide", function () {
      suspended = true;
      closeQuietly();
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      suspended = false;
      reconnectNow();
    });

    connect();

    return {
      send: function (data) {
        if (!socket || socket.readyState !== 1) return false;
        socket.send(JSON.stringify(data));
        return true;
      },
      stop: stop,
      reconnectNow: reconnectNow,
    };
  }

  /* Small helpers for the live parts ----------------------------------------------------- */
  function relativeTime(iso) {
    var then = Date.parse(iso);
    if (isNaN(then)) return "";
    var seconds = Math.max(0, (Date.now() - then) / 1000);
    if (seconds < 60) return "just now";
    var units = [
      ["year", 31536000],
      ["month", 2592000],
      ["week", 604800],
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
    ];
    for (var index = 0; index < units.length; index += 1) {
      var amount = Math.floor(seconds / units[index][1]);
      if (amount >= 1) return amount + " " + units[index][0] + (amount === 1 ? "" : "s") + " ago";
    }
    return "just now";
  }

  var statusRegion = null;

  // A visually hidden polite status for results of actions ("Marked as read").
  function announce(message) {
    if (!statusRegion) {
      statusRegion = document.createElement("p");
      statusRegion.className = "visually-hidden";
      statusRegion.setAttribute("role", "status");
      document.body.appendChild(statusRegion);
    }
    statusRegion.textContent = "";
    window.setTimeout(function () {
      statusRegion.textContent = message;
    }, 60);
  }

  function csrfToken(form) {
    var input =
      (form && form.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* Toasts --------------------------------------------------------------------------------- */
  var TOAST_MS = 6000;
  var TOAST_MAX = 4;
  var toasts = [];

  function removeToast(entry, moveFocus) {
    var index = toasts.indexOf(entry);
    if (index === -1) return;
    toasts.splice(index, 1);
    window.clearTimeout(entry.timer);
    var element = entry.element;
    var hadFocus = element.contains(document.activeElement);
    if (hadFocus || moveFocus) {
      // Keep keyboard focus somewhere sensible: the next toast, else the bell.
      var next = toasts.length ? toasts[Math.min(index, toasts.length - 1)].element : null;
      var target = next ? next.querySelector("[data-toast-close]") : document.querySelector("[data-notification-bell]");
      if (target) target.focus();
    }
    element.classList.add("is-leaving");
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.setTimeout(function () {
      element.remove();
    }, reduced ? 0 : 220);
  }

  function runToastTimer(entry) {
    window.clearTimeout(entry.timer);
    if (entry.paused || document.visibilityState === "hidden") return;
    entry.startedAt = Date.now();
    entry.timer = window.setTimeout(function () {
      removeToast(entry, false);
    }, entry.remaining);
  }

  function pauseToastTimer(entry) {
    if (entry.timer && entry.startedAt) {
      entry.remaining = Math.max(1500, entry.remaining - (Date.now() - entry.startedAt));
    }
    window.clearTimeout(entry.timer);
    entry.timer = null;
    entry.startedAt = 0;
  }

  /*
   * showToast({text, href, meta, key, summary}) pops up a toast for about six seconds. Hovering or focusing
   * it holds it; a hidden tab keeps it until the member is back. A toast with the same key
   * replaces the earlier one.
   */
  function showToast(options) {
    var region = document.querySelector("[data-toasts]");
    var template = document.getElementById("toast-template");
    if (!region || !template || !template.content || !template.content.firstElementChild) return null;
    if (options.key) {
      toasts.slice().forEach(function (entry) {
        if (entry.key === options.key) removeToast(entry, false);
      });
    }
    var element = template.content.firstElementChild.cloneNode(true);
    var link = element.querySelector("[data-toast-link]");
    var meta = element.querySelector("[data-toast-meta]");
    link.textContent = options.text;
    if (options.href) link.setAttribute("href", options.href);
    // "New notification:" tells screen readers what popped up; a summary says it itself.
    var prefix = element.querySelector(".toast__body > .visually-hidden");
    if (prefix && options.summary) prefix.remove();
    if (meta) meta.textContent = options.meta || "just now";
    var entry = { element: element, key: options.key || null, remaining: TOAST_MS, timer: null, paused: false };
    toasts.push(entry);

    function hold() {
      entry.paused = true;
      pauseToastTimer(entry);
    }
    function release() {
      if (element.matches(":hover") || element.contains(document.activeElement)) return;
      entry.paused = false;
      runToastTimer(entry);
    }
    element.addEventListener("mouseenter", hold);
    element.addEventListener("mouseleave", release);
    element.addEventListener("focusin", hold);
    element.addEventListener("focusout", function () {
      window.setTimeout(release, 0);
    });
    element.querySelector("[data-toast-close]").addEventListener("click", function () {
      removeToast(entry, true);
    });

    region.appendChild(element);
    // The oldest make way; one the member is reading (hover, focus) stays.
    toasts.slice(0, Math.max(0, toasts.length - TOAST_MAX)).forEach(function (old) {
      if (!old.paused) removeToast(old, false);
    });
    runToastTimer(entry);
    return element;
  }

  document.addEventListener("visibilitychange", function () {
    toasts.forEach(function (entry) {
      if (document.visibilityState === "hidden") {
        pauseToastTimer(entry);
      } else {
        runToastTimer(entry);
      }
    });
  });

  /* The notification center: new items, removed items, read state --------------------- */
  function centerItems(id) {
    var selector = id == null ? "[data-notification-id]" : '[data-notification-id="' + id + '"]';
    return Array.prototype.slice.call(document.querySelectorAll("[data-notification-list] " + selector));
  }

  function showAsRead(item) {
    item.classList.remove("notification--unread");
    var form = item.querySelector("[data-mark-read]");
    var hadFocus = form && form.contains(document.activeElement);
    item.querySelectorAll(".notification__dot, [data-mark-read]").forEach(function (element) {
      element.remove();
    });
    var actions = item.querySelector(".notification__actions");
    if (actions && !actions.children.length) actions.textContent = "";
    item.querySelectorAll(".notification__text .visually-hidden").forEach(function (label) {
      if (/^Unread/.test(label.textContent)) label.remove();
    });
    if (hadFocus) {
      var link = item.querySelector(".notification__link");
      if (link) {
        link.focus();
      } else {
        item.setAttribute("tabindex", "-1");
        item.focus();
      }
    }
  }

  function removeFromCenter(id) {
    centerItems(id).forEach(function (item) {
      item.remove();
    });
  }

  var centerTimer = null;
  var centerRequest = null;

  // Fetches the center's first page again and puts the new rows on top (the server renders
  // them, avatars and all). Only on the first page: older pages stay as the member left them.
  function refreshCenter() {
    var center = document.querySelector("[data-notification-center][data-first-page]");
    if (!center || !window.fetch || !window.DOMParser) return;
    window.clearTimeout(centerTimer);
    centerTimer = window.setTimeout(function () {
      if (centerRequest) {
        centerTimer = window.setTimeout(refreshCenter, 300);
        return;
      }
      centerRequest = fetch(window.location.pathname + window.location.search, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-notification-center]");
          if (fresh) mergeCenter(center, fresh);
        })
        .catch(function () {
          /* The next notification or a reload brings the list up to date. */
        })
        .then(function () {
          centerRequest = null;
        });
    }, 200);
  }

  function mergeCenter(center, fresh) {
    var freshList = fresh.querySelector("[data-notification-list]");
    if (!freshList) return;
    var list = center.querySelector("[data-notification-list]");
    if (!list) {
      // The empty state gives way to the list.
      center.replaceChildren.apply(center, Array.prototype.map.call(fresh.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      center.querySelectorAll("[data-notification-id]").forEach(function (item) {
        item.classList.add("is-new");
      });
      return;
    }
    var known = {};
    var newest = 0;
    list.querySelectorAll("[data-notification-id]").forEach(function (item) {
      var id = parseInt(item.getAttribute("data-notification-id"), 10);
      known[id] = true;
      newest = Math.max(newest, id);
    });
    var first = list.firstElementChild;
    Array.prototype.forEach.call(freshList.children, function (item) {
      var id = parseInt(item.getAttribute("data-notification-id"), 10);
      // Older rows that are not shown were removed here on purpose (replaced kudos).
      if (!id || known[id] || id < newest) return;
      var copy = document.importNode(item, true);
      copy.classList.add("is-new");
      list.insertBefore(copy, first);
    });
  }

  /* "Mark as read" and "Mark all as read" without a page load ------------------------- */
  function setupMarkRead() {
    if (!window.fetch || !window.FormData) return;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches) return;
      var all = form.matches("[data-mark-all-read]");
      if (!all && !form.matches("[data-mark-read]")) return;
      event.preventDefault();
      var button = form.querySelector("button");
      if (button && button.getAttribute("aria-busy") === "true") return;
      if (button) button.setAttribute("aria-busy", "true");
      var item = form.closest("[data-notification-id]");

      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (!response.ok || type.indexOf("application/json") === -1) throw new Error("Not marked");
          return response.json();
        })
        .then(function (data) {
          if (all) {
            centerItems(null).forEach(showAsRead);
            if (button && form.contains(document.activeElement)) {
              var main = document.getElementById("main");
              if (main) main.focus();
            }
          } else if (item) {
            showAsRead(item);
          }
          setNotificationCount(data.unread_count);
          announce(all ? "All notifications are marked as read." : "Marked as read.");
        })
        .catch(function () {
          // The plain form post still works: it reloads the page with the result.
          form.submit();
        })
        .then(function () {
          if (button) button.removeAttribute("aria-busy");
        });
    });
  }

  /* Live notifications ----------------------------------------------------------------- */
  function setupLiveNotifications() {
    var bell = document.querySelector("[data-notification-bell][data-live-url]");
    if (!bell || !window.WebSocket || !window.fetch) return;
    var centerUrl = bell.getAttribute("data-catch-up-url") || "/notifications/";
    var lastSeenId = null; // the newest notification this page knows of; null before the first hello
    var seen = {};
    var catchingUp = false;
    var catchUpAgain = false;
    var socket = null;

    function note(id) {
      if (lastSeenId === null || id > lastSeenId) lastSeenId = id;
    }

    // True the first time this page hears of a notification; a repeat is ignored.
    function accept(notification) {
      if (!notification || typeof notification.id !== "number" || seen[notification.id]) return false;
      seen[notification.id] = true;
      note(notification.id);
      return true;
    }

    function openUrl(notification) {
      return notification.available === false ? centerUrl : centerUrl + notification.id + "/";
    }

    function tell(fresh) {
      var shown = fresh.filter(function (notification) {
        return notification.available !== false;
      });
      if (shown.length > 3) {
        showToast({ text: "You have " + shown.length + " new notifications", href: centerUrl, key: "summary", summary: true });
      } else {
        shown.forEach(function (notification) {
          showToast({
            text: notification.text,
            href: openUrl(notification),
            meta: relativeTime(notification.created_at),
            key: "notification-" + notification.id,
          });
        });
      }
      if (fresh.length) refreshCenter();
      fresh.forEach(function (notification) {
        document.dispatchEvent(new CustomEvent("community:notification", { detail: notification }));
      });
    }

    function stopLive() {
      if (socket) socket.stop();
    }

    // What the page missed while it was not connected: the database is the truth.
    function catchUp() {
      if (lastSeenId === null) return;
      if (catchingUp) {
        catchUpAgain = true;
        return;
      }
      catchingUp = true;
      var fresh = [];

      function page(round) {
        return fetch(centerUrl + "?since=" + lastSeenId, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (response.status === 401) {
              // Signed out in another tab: nothing more to hear.
              stopLive();
              return null;
            }
            return response.ok ? response.json() : null;
          })
          .then(function (data) {
            if (!data) return null;
            (data.notifications || []).forEach(function (notification) {
              if (accept(notification)) fresh.push(notification);
              if (typeof notification.id === "number") note(notification.id);
            });
            if (typeof data.unread_count === "number") setNotificationCount(data.unread_count);
            if (data.more && round < 4) return page(round + 1);
            return null;
          });
      }

      page(0)
        .catch(function () {
          /* The next hello tries again. */
        })
        .then(function () {
          catchingUp = false;
          tell(fresh);
          if (catchUpAgain) {
            catchUpAgain = false;
            catchUp();
          }
        });
    }

    function onMessage(data) {
      if (data.type === "hello") {
        setNotificationCount(data.unread_count);
        var latest = typeof data.latest_id === "number" ? data.latest_id : 0;
        if (lastSeenId === null) {
          // The page was rendered with everything up to now: no toasts for old news.
          lastSeenId = latest;
          var top = centerItems(null)[0];
          var topId = top ? parseInt(top.getAttribute("data-notification-id"), 10) : 0;
          if (latest > topId) refreshCenter();
        } else if (latest > lastSeenId) {
          catchUp();
        }
      } else if (data.type === "notification") {
        if (data.replaces != null) {
          removeFromCenter(data.replaces);
          toasts.slice().forEach(function (entry) {
            if (entry.key === "notification-" + data.replaces) removeToast(entry, false);
          });
        }
        if (typeof data.unread_count === "number") setNotificationCount(data.unread_count);
        if (accept(data.notification)) tell([data.notification]);
      } else if (data.type === "count") {
        setNotificationCount(data.unread_count);
        // Read in another tab: when nothing is left unread, this page's list agrees.
        if (data.unread_count === 0) centerItems(null).forEach(showAsRead);
        document.dispatchEvent(new CustomEvent("community:notification-count", { detail: data.unread_count }));
      }
    }

    socket = openLiveSocket(bell.getAttribute("data-live-url"), {
      message: onMessage,
      refused: function () {
        // A refused handshake may mean the member signed out elsewhere; the catch-up says so
        // (401) and stops the retries, or brings what was missed while the socket is down.
        if (lastSeenId !== null) catchUp();
        return true;
      },
    });
  }

  window.Community = window.Community || {};
  window.Community.setNotificationCount = setNotificationCount;
  window.Community.openLiveSocket = openLiveSocket;
  window.Community.showToast = showToast;
  window.Community.relativeTime = relativeTime;

  onReady(function () {
    setupNavToggle();
    setupMenus();
    setupAlerts();
    setupSearchShortcut();
    setupAvatarPreview();
    setupCounters();
    setupMarkRead();
    setupLiveNotifications();
  });
})();
